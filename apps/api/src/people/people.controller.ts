import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { CurrentUser, Public } from '../auth/auth.decorators';
import type { SignedInUser } from '../auth/auth.decorators';
import { authorize } from '../auth/authorize';
import { AgreementsService } from '../agreements/agreements.service';
import { AgreementScopeQuery } from '../agreements/agreement.dto';
import {
  ChangePasswordDto,
  InvitedDto,
  InvitePersonDto,
  PasswordResetAcceptedDto,
  PasswordResetRequestDto,
  PasswordSetDto,
  PersonDto,
  SetPasswordDto,
  UpdateMembershipDto,
} from './people.dto';
import { PeopleService } from './people.service';

/** The people of one of your agreements, for its administrators: invite, roles and party, deactivate. */
@ApiTags('people')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Only an administrator of the agreement' })
@Controller('people')
export class PeopleController {
  constructor(
    private readonly people: PeopleService,
    private readonly agreements: AgreementsService,
  ) {}

  private async adminOf(user: SignedInUser, key?: string) {
    const agreement = await this.agreements.resolveFor(user, key);
    authorize(user, 'administer-people', { agreementId: agreement.id });
    return agreement;
  }

  @Get()
  @ApiOperation({ summary: 'The members of the agreement, with their party, roles and invitation state (administrators)' })
  @ApiOkResponse({ type: [PersonDto] })
  async list(@CurrentUser() user: SignedInUser, @Query() query: AgreementScopeQuery): Promise<PersonDto[]> {
    return this.people.list(await this.adminOf(user, query.agreement));
  }

  @Post()
  @ApiOperation({
    summary: 'Invite a person by e-mail to the agreement, with party and roles (administrators)',
    description:
      'Makes the membership, and a person without a password when the address is new. Someone without a password gets an e-mail with a one-time link, valid 7 days, to set one; someone with a password is told of the membership.',
  })
  @ApiCreatedResponse({ type: InvitedDto })
  @ApiBadRequestResponse({ description: 'Bad input, or a party the agreement does not have' })
  @ApiConflictResponse({ description: 'Already a member of this agreement' })
  async invite(@CurrentUser() user: SignedInUser, @Query() query: AgreementScopeQuery, @Body() dto: InvitePersonDto): Promise<InvitedDto> {
    return this.people.invite(user, await this.adminOf(user, query.agreement), dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a member’s roles and/or party in the agreement (administrators); in force at their next request' })
  @ApiOkResponse({ type: PersonDto })
  @ApiNotFoundResponse({ description: 'No such person in this agreement' })
  @ApiConflictResponse({ description: 'The agreement would have no active administrator left' })
  async update(@CurrentUser() user: SignedInUser, @Param('id') id: string, @Query() query: AgreementScopeQuery, @Body() dto: UpdateMembershipDto): Promise<PersonDto> {
    return this.people.update(user, await this.adminOf(user, query.agreement), id, dto);
  }

  @Post(':id/invitation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send the invitation again, with a new link (the older ones stop working)' })
  @ApiOkResponse({ type: InvitedDto })
  @ApiNotFoundResponse({ description: 'No such person in this agreement' })
  @ApiConflictResponse({ description: 'The person has set a password already, or is deactivated' })
  async resend(@CurrentUser() user: SignedInUser, @Param('id') id: string, @Query() query: AgreementScopeQuery): Promise<InvitedDto> {
    return this.people.resend(user, await this.adminOf(user, query.agreement), id);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a person: every sign-in of theirs ends at once (administrators of all their agreements)' })
  @ApiOkResponse({ type: PersonDto })
  @ApiNotFoundResponse({ description: 'No such person in this agreement' })
  @ApiConflictResponse({ description: 'Yourself, the last administrator, or a member of agreements you do not administer' })
  async deactivate(@CurrentUser() user: SignedInUser, @Param('id') id: string, @Query() query: AgreementScopeQuery): Promise<PersonDto> {
    return this.people.setActive(user, await this.adminOf(user, query.agreement), id, false);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reactivate a person: they may sign in again' })
  @ApiOkResponse({ type: PersonDto })
  @ApiNotFoundResponse({ description: 'No such person in this agreement' })
  async reactivate(@CurrentUser() user: SignedInUser, @Param('id') id: string, @Query() query: AgreementScopeQuery): Promise<PersonDto> {
    return this.people.setActive(user, await this.adminOf(user, query.agreement), id, true);
  }
}

/** One's own password: set by the link of an invitation or a reset, reset by e-mail, or changed. */
@ApiTags('auth')
@Controller()
export class PasswordController {
  constructor(private readonly people: PeopleService) {}

  @Public()
  @Post('auth/set-password')
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Set your password with the one-time token of an invitation or reset e-mail (the token is used up)' })
  @ApiOkResponse({ type: PasswordSetDto })
  @ApiBadRequestResponse({ description: 'Password too short, or a token that is unknown, used, replaced or expired (the message says which)' })
  setPassword(@Body() dto: SetPasswordDto): Promise<PasswordSetDto> {
    return this.people.setPassword(dto.token, dto.password);
  }

  @Public()
  @Post('auth/password-reset')
  @HttpCode(202)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Ask for a password reset link by e-mail; the same answer whether the address exists or not' })
  @ApiAcceptedResponse({ type: PasswordResetAcceptedDto })
  requestReset(@Body() dto: PasswordResetRequestDto): PasswordResetAcceptedDto {
    this.people.requestReset(dto.email);
    return { message: 'If the address belongs to an account, a link to choose a new password is on its way; it is valid for one hour.' };
  }

  @Put('me/password')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change your own password, given the current one; every sign-in of yours ends (sign in again with the new one)' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: 'Wrong current password, or a new one that is too short' })
  async changeOwn(@CurrentUser() user: SignedInUser, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.people.changeOwn(user, dto.currentPassword, dto.newPassword);
  }
}
