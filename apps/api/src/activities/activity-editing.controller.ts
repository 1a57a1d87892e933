import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import type { SignedInUser } from '../auth/auth.decorators';
import { AgreementScopeQuery } from '../agreements/agreement.dto';
import { AddMilestoneDto, EditActivityDto, EditedActivityDto, EditMilestoneDto, FollowUpSettingsAnswerDto, FollowUpSettingsDto } from './activity-editing.dto';
import { ActivityEditingService } from './activity-editing.service';

/** A delmål id that is not a uuid names no delmål: 404, like an unknown one. */
const milestoneId = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

/**
 * Editing an activity and its delmål (administrators, and coordinators of the party that leads it).
 * Delmål changes reach the activity's follow-up workflow: a moved delmål is due on its new date, a
 * removed one no longer is. Answers are the activity as it is after.
 */
@ApiTags('activities')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Outside your role or party; the message says who may' })
@ApiBadRequestResponse({ description: 'The input is malformed or a date does not fit; the message names the field' })
@ApiNotFoundResponse({ description: 'No such activity, phase or delmål in your agreements' })
@ApiConflictResponse({ description: 'The activity has ended and can no longer be changed' })
@Controller('activities')
export class ActivityEditingController {
  constructor(private readonly editing: ActivityEditingService) {}

  @Patch(':idOrKey')
  @ApiOperation({ summary: 'Edit the title, description or co-operating parties of an activity' })
  @ApiOkResponse({ type: EditedActivityDto })
  edit(@CurrentUser() user: SignedInUser, @Param('idOrKey') idOrKey: string, @Query() scope: AgreementScopeQuery, @Body() dto: EditActivityDto): Promise<EditedActivityDto> {
    return this.editing.edit(user, idOrKey, scope.agreement, dto);
  }

  @Post(':idOrKey/phases/:kind/milestones')
  @ApiOperation({ summary: 'Add a delmål to a phase, with a date within the phase; its follow-up workflow hears of it' })
  @ApiCreatedResponse({ type: EditedActivityDto })
  addMilestone(
    @CurrentUser() user: SignedInUser,
    @Param('idOrKey') idOrKey: string,
    @Param('kind') kind: string,
    @Query() scope: AgreementScopeQuery,
    @Body() dto: AddMilestoneDto,
  ): Promise<EditedActivityDto> {
    return this.editing.addMilestone(user, idOrKey, scope.agreement, kind, dto);
  }

  @Patch(':idOrKey/phases/:kind/milestones/:id')
  @ApiOperation({ summary: 'Change a delmål’s title or date (within the phase); a moved delmål is due on its new date' })
  @ApiOkResponse({ type: EditedActivityDto })
  editMilestone(
    @CurrentUser() user: SignedInUser,
    @Param('idOrKey') idOrKey: string,
    @Param('kind') kind: string,
    @Param('id', milestoneId) id: string,
    @Query() scope: AgreementScopeQuery,
    @Body() dto: EditMilestoneDto,
  ): Promise<EditedActivityDto> {
    return this.editing.editMilestone(user, idOrKey, scope.agreement, kind, id, dto);
  }

  @Delete(':idOrKey/phases/:kind/milestones/:id')
  @ApiOperation({ summary: 'Remove a delmål: it no longer falls due; reports that mention it keep its title in the timeline' })
  @ApiOkResponse({ type: EditedActivityDto })
  removeMilestone(
    @CurrentUser() user: SignedInUser,
    @Param('idOrKey') idOrKey: string,
    @Param('kind') kind: string,
    @Param('id', milestoneId) id: string,
    @Query() scope: AgreementScopeQuery,
  ): Promise<EditedActivityDto> {
    return this.editing.removeMilestone(user, idOrKey, scope.agreement, kind, id);
  }
}

/** An agreement's reminder offsets and escalation ladder: every member reads them, its administrators change them. */
@ApiTags('agreements')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such agreement among yours' })
@Controller('agreements')
export class FollowUpSettingsController {
  constructor(private readonly editing: ActivityEditingService) {}

  @Get(':key/follow-up-settings')
  @ApiOperation({ summary: 'The agreement’s reminder offsets and escalation ladder' })
  @ApiOkResponse({ type: FollowUpSettingsAnswerDto })
  get(@CurrentUser() user: SignedInUser, @Param('key') key: string): Promise<FollowUpSettingsAnswerDto> {
    return this.editing.settings(user, key);
  }

  @Put(':key/follow-up-settings')
  @ApiOperation({ summary: 'Change the reminder offsets and escalation ladder (checked as at seeding); every running follow-up workflow of the agreement hears of it' })
  @ApiOkResponse({ type: FollowUpSettingsAnswerDto })
  @ApiForbiddenResponse({ description: 'Only the agreement’s administrators' })
  @ApiBadRequestResponse({ description: 'A reminder or step the seed would refuse; the message names it' })
  put(@CurrentUser() user: SignedInUser, @Param('key') key: string, @Body() dto: FollowUpSettingsDto): Promise<FollowUpSettingsAnswerDto> {
    return this.editing.applySettings(user, key, dto);
  }
}
