import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgreementScopeQuery } from '../agreements/agreement.dto';
import { ActivityListDto, ActivityWithWorkflowDto, ListActivitiesQuery } from './activity.dto';
import { ActivitiesService } from './activities.service';
import { CurrentUser } from '../auth/auth.decorators';
import type { SignedInUser } from '../auth/auth.decorators';

@ApiBearerAuth()
@ApiTags('activities')
@Controller('activities')
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Get()
  @ApiOperation({ summary: 'Activities (aktiviteter) of an agreement, filtered and paged' })
  @ApiOkResponse({ type: ActivityListDto })
  @ApiBadRequestResponse({ description: 'A parameter is unknown or out of range; the message names it' })
  list(@CurrentUser() user: SignedInUser, @Query() query: ListActivitiesQuery): Promise<ActivityListDto> {
    return this.activities.list(user, query);
  }

  @Get(':idOrKey')
  @ApiOperation({ summary: 'One activity by id or key, with its phases, milestones (delmål) and live follow-up state' })
  @ApiOkResponse({ type: ActivityWithWorkflowDto })
  @ApiNotFoundResponse({ description: 'No activity has that id or key' })
  get(@CurrentUser() user: SignedInUser, @Param('idOrKey') idOrKey: string, @Query() scope: AgreementScopeQuery): Promise<ActivityWithWorkflowDto> {
    return this.activities.getWithWorkflow(user, idOrKey, scope.agreement);
  }
}
