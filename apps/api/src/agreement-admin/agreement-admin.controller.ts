import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
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
import { CurrentUser } from '../auth/auth.decorators';
import type { SignedInUser } from '../auth/auth.decorators';
import {
  AdminAreaDto,
  AdminGoalAreaDto,
  AdminPartyDto,
  AgreementAdminDto,
  CancelCouncilMeetingDto,
  CouncilMeetingDto,
  CreateAreaDto,
  CreateCouncilMeetingDto,
  CreateGoalAreaDto,
  CreatePartyDto,
  IgnoredAgreementScope,
  MoveCouncilMeetingDto,
  RetireDto,
  UpdateAgreementDto,
  UpdateAreaDto,
  UpdateGoalAreaDto,
  UpdatePartyDto,
} from './agreement-admin.dto';
import { AgreementAdminService } from './agreement-admin.service';
import { CouncilMeetingsService } from './council-meetings.service';

/**
 * An agreement run by its own administrators: its texts and period, parties, goal areas, areas
 * (stadsdelar) and Trygghetsrådet's meetings. The agreement is the one in the path; another
 * tenant's key is a 404 like one that does not exist. Every change is audited.
 */
@ApiTags('agreement administration')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'You are a member of no agreement with that key, or it has no such party, goal area, area or meeting' })
@Controller('agreements/:key')
export class AgreementAdminController {
  constructor(
    private readonly admin: AgreementAdminService,
    private readonly meetings: CouncilMeetingsService,
  ) {}

  @Get('administration')
  @ApiOperation({ summary: 'The agreement as its administrators edit it: texts, period, parties (retired ones too), goal areas, areas, council meetings (cancelled ones too)' })
  @ApiOkResponse({ type: AgreementAdminDto })
  @ApiForbiddenResponse({ description: 'Only an administrator of the agreement' })
  get(@CurrentUser() user: SignedInUser, @Param('key') key: string, @Query() _scope: IgnoredAgreementScope): Promise<AgreementAdminDto> {
    return this.admin.get(user, key);
  }

  @Patch()
  @ApiOperation({ summary: 'Change the agreement’s texts and/or period (administrators); a period that would leave an activity’s phases, a delmål or a planned meeting outside is refused, naming them' })
  @ApiOkResponse({ type: AgreementAdminDto })
  @ApiBadRequestResponse({ description: 'Unknown field, impossible date, validTo not after validFrom' })
  @ApiConflictResponse({ description: 'Activities, delmål or meetings would fall outside the period (named)' })
  @ApiForbiddenResponse({ description: 'Only an administrator of the agreement' })
  update(@CurrentUser() user: SignedInUser, @Param('key') key: string, @Query() _scope: IgnoredAgreementScope, @Body() dto: UpdateAgreementDto): Promise<AgreementAdminDto> {
    return this.admin.update(user, key, dto);
  }

  // --- parties --------------------------------------------------------------------------------

  @Post('parties')
  @ApiOperation({ summary: 'Add a party to the agreement (administrators)' })
  @ApiCreatedResponse({ type: AdminPartyDto })
  @ApiConflictResponse({ description: 'A party with that key or name exists' })
  @ApiForbiddenResponse({ description: 'Only an administrator of the agreement' })
  addParty(@CurrentUser() user: SignedInUser, @Param('key') key: string, @Query() _scope: IgnoredAgreementScope, @Body() dto: CreatePartyDto): Promise<AdminPartyDto> {
    return this.admin.addParty(user, key, dto);
  }

  @Patch('parties/:id')
  @ApiOperation({ summary: 'Rename a party, or change when it joined (administrators); its key stays' })
  @ApiOkResponse({ type: AdminPartyDto })
  @ApiConflictResponse({ description: 'Another party has that name' })
  @ApiForbiddenResponse({ description: 'Only an administrator of the agreement' })
  updateParty(@CurrentUser() user: SignedInUser, @Param('key') key: string, @Param('id') id: string, @Query() _scope: IgnoredAgreementScope, @Body() dto: UpdatePartyDto): Promise<AdminPartyDto> {
    return this.admin.updateParty(user, key, id, dto);
  }

  @Post('parties/:id/retire')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retire a party (administrators): it stays in the history but leads no new activity and gets no new member' })
  @ApiOkResponse({ type: AdminPartyDto })
  @ApiConflictResponse({ description: 'It leads activities still followed up (named), or is retired already' })
  @ApiForbiddenResponse({ description: 'Only an administrator of the agreement' })
  retireParty(@CurrentUser() user: SignedInUser, @Param('key') key: string, @Param('id') id: string, @Query() _scope: IgnoredAgreementScope, @Body() _dto: RetireDto): Promise<AdminPartyDto> {
    return this.admin.retireParty(user, key, id);
  }

  // --- goal areas -----------------------------------------------------------------------------

  @Post('goal-areas')
  @ApiOperation({ summary: 'Add a goal area (målområde) with a letter code (administrators)' })
  @ApiCreatedResponse({ type: AdminGoalAreaDto })
  @ApiConflictResponse({ description: 'The code or title is taken' })
  @ApiForbiddenResponse({ description: 'Only an administrator of the agreement' })
  addGoalArea(@CurrentUser() user: SignedInUser, @Param('key') key: string, @Query() _scope: IgnoredAgreementScope, @Body() dto: CreateGoalAreaDto): Promise<AdminGoalAreaDto> {
    return this.admin.addGoalArea(user, key, dto);
  }

  @Patch('goal-areas/:id')
  @ApiOperation({ summary: 'Change a goal area’s code, title or description (administrators)' })
  @ApiOkResponse({ type: AdminGoalAreaDto })
  @ApiConflictResponse({ description: 'The code or title is taken' })
  @ApiForbiddenResponse({ description: 'Only an administrator of the agreement' })
  updateGoalArea(@CurrentUser() user: SignedInUser, @Param('key') key: string, @Param('id') id: string, @Query() _scope: IgnoredAgreementScope, @Body() dto: UpdateGoalAreaDto): Promise<AdminGoalAreaDto> {
    return this.admin.updateGoalArea(user, key, id, dto);
  }

  @Delete('goal-areas/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a goal area no activity is linked to (administrators)' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'Activities are linked to it (named)' })
  @ApiForbiddenResponse({ description: 'Only an administrator of the agreement' })
  async removeGoalArea(@CurrentUser() user: SignedInUser, @Param('key') key: string, @Param('id') id: string, @Query() _scope: IgnoredAgreementScope): Promise<void> {
    await this.admin.removeGoalArea(user, key, id);
  }

  // --- areas ----------------------------------------------------------------------------------

  @Post('areas')
  @ApiOperation({ summary: 'Add an area (stadsdel) the agreement pays attention to (administrators)' })
  @ApiCreatedResponse({ type: AdminAreaDto })
  @ApiConflictResponse({ description: 'An area of that name exists' })
  @ApiForbiddenResponse({ description: 'Only an administrator of the agreement' })
  addArea(@CurrentUser() user: SignedInUser, @Param('key') key: string, @Query() _scope: IgnoredAgreementScope, @Body() dto: CreateAreaDto): Promise<AdminAreaDto> {
    return this.admin.addArea(user, key, dto);
  }

  @Patch('areas/:id')
  @ApiOperation({ summary: 'Rename an area, or change its note (administrators)' })
  @ApiOkResponse({ type: AdminAreaDto })
  @ApiConflictResponse({ description: 'An area of that name exists' })
  @ApiForbiddenResponse({ description: 'Only an administrator of the agreement' })
  updateArea(@CurrentUser() user: SignedInUser, @Param('key') key: string, @Param('id') id: string, @Query() _scope: IgnoredAgreementScope, @Body() dto: UpdateAreaDto): Promise<AdminAreaDto> {
    return this.admin.updateArea(user, key, id, dto);
  }

  @Delete('areas/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an area (administrators)' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'Only an administrator of the agreement' })
  async removeArea(@CurrentUser() user: SignedInUser, @Param('key') key: string, @Param('id') id: string, @Query() _scope: IgnoredAgreementScope): Promise<void> {
    await this.admin.removeArea(user, key, id);
  }

  // --- Trygghetsrådet's meetings --------------------------------------------------------------

  @Get('council-meetings')
  @ApiOperation({ summary: 'Trygghetsrådet’s meetings, cancelled ones too (with when and why), by date (every member)' })
  @ApiOkResponse({ type: [CouncilMeetingDto] })
  listMeetings(@CurrentUser() user: SignedInUser, @Param('key') key: string, @Query() _scope: IgnoredAgreementScope): Promise<CouncilMeetingDto[]> {
    return this.meetings.list(user, key);
  }

  @Post('council-meetings')
  @ApiOperation({ summary: 'Plan a meeting of Trygghetsrådet (administrators): within the agreement’s period, not on the date of another planned meeting' })
  @ApiCreatedResponse({ type: CouncilMeetingDto })
  @ApiBadRequestResponse({ description: 'Impossible date, or outside the agreement’s period' })
  @ApiConflictResponse({ description: 'Another planned meeting has that date' })
  @ApiForbiddenResponse({ description: 'Only an administrator of the agreement' })
  addMeeting(@CurrentUser() user: SignedInUser, @Param('key') key: string, @Query() _scope: IgnoredAgreementScope, @Body() dto: CreateCouncilMeetingDto): Promise<CouncilMeetingDto> {
    return this.meetings.add(user, key, dto.date);
  }

  @Patch('council-meetings/:id')
  @ApiOperation({ summary: 'Move a planned meeting that has not been held to another date, today or later (administrators)' })
  @ApiOkResponse({ type: CouncilMeetingDto })
  @ApiBadRequestResponse({ description: 'Impossible date, or outside the agreement’s period' })
  @ApiConflictResponse({ description: 'Another planned meeting has that date, or the meeting is cancelled or has been held' })
  @ApiForbiddenResponse({ description: 'Only an administrator of the agreement' })
  moveMeeting(@CurrentUser() user: SignedInUser, @Param('key') key: string, @Param('id') id: string, @Query() _scope: IgnoredAgreementScope, @Body() dto: MoveCouncilMeetingDto): Promise<CouncilMeetingDto> {
    return this.meetings.move(user, key, id, dto.date);
  }

  @Post('council-meetings/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a meeting that has not been held (administrators): it stays listed with when and why; its items move to the next meeting' })
  @ApiOkResponse({ type: CouncilMeetingDto })
  @ApiConflictResponse({ description: 'Cancelled already, or held already' })
  @ApiForbiddenResponse({ description: 'Only an administrator of the agreement' })
  cancelMeeting(@CurrentUser() user: SignedInUser, @Param('key') key: string, @Param('id') id: string, @Query() _scope: IgnoredAgreementScope, @Body() dto: CancelCouncilMeetingDto): Promise<CouncilMeetingDto> {
    return this.meetings.cancel(user, key, id, dto.reason);
  }
}
