import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgreementScopeQuery } from '../agreements/agreement.dto';
import { CurrentUser } from '../auth/auth.decorators';
import type { SignedInUser } from '../auth/auth.decorators';
import { AcknowledgeDto, CouncilAgendaDto, EscalationDto, EscalationGroupListDto, EscalationListDto, EscalationQuery, MyActivityDto, OverviewDto, TimelineItemDto } from './review.dto';
import { ReviewService } from './review.service';

@ApiTags('review')
@ApiBearerAuth()
@Controller()
export class ReviewController {
  constructor(private readonly review: ReviewService) {}

  @Get('overview')
  @ApiOperation({ summary: 'Översikt: per goal area, party and phase, latest status, overdue and open escalations by level' })
  @ApiOkResponse({ type: OverviewDto })
  overview(@CurrentUser() user: SignedInUser, @Query() query: AgreementScopeQuery): Promise<OverviewDto> {
    return this.review.overview(user, query.agreement);
  }

  @Get('escalations')
  @ApiOperation({
    summary: 'Escalations, highest level first (default: the open ones)',
    description:
      'An escalation is open until a report resolves it, whether leadership has acknowledged it or not; Översikt counts the same ones. ' +
      'Filter by level, goalArea, party (leading or co-operating), phase (the activity’s current one) or activity, as Översikt’s rows do.',
  })
  @ApiOkResponse({ type: EscalationListDto })
  escalations(@CurrentUser() user: SignedInUser, @Query() query: EscalationQuery): Promise<EscalationListDto> {
    return this.review.escalations(user, query);
  }

  @Get('escalations/by-deadline')
  @ApiOperation({
    summary: 'Escalations as one item per deadline (or off-track report): its current level, age, every level it reached, who acknowledged it',
    description: 'Same filters as GET /api/escalations; an item holds every level of a deadline that any selected escalation belongs to. total counts items.',
  })
  @ApiOkResponse({ type: EscalationGroupListDto })
  escalationsByDeadline(@CurrentUser() user: SignedInUser, @Query() query: EscalationQuery): Promise<EscalationGroupListDto> {
    return this.review.escalationsByDeadline(user, query);
  }

  @Get('council/agenda')
  @ApiOperation({ summary: 'Trygghetsrådet: its next meeting and the items for it (the open escalations that reached the council)' })
  @ApiOkResponse({ type: CouncilAgendaDto })
  councilAgenda(@CurrentUser() user: SignedInUser, @Query() query: AgreementScopeQuery): Promise<CouncilAgendaDto> {
    return this.review.councilAgenda(user, query.agreement);
  }

  @Post('escalations/:id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge an escalation with a comment (operational leadership, samverkansledning)' })
  @ApiOkResponse({ type: EscalationDto })
  acknowledge(@CurrentUser() user: SignedInUser, @Param('id') id: string, @Body() dto: AcknowledgeDto): Promise<EscalationDto> {
    return this.review.acknowledge(user, id, dto.comment); // authorized there, in the escalation's agreement
  }

  @Get('activities/:idOrKey/timeline')
  @ApiOperation({ summary: 'Reports, reminders, escalations, plan changes and pauses, in time order' })
  @ApiOkResponse({ type: [TimelineItemDto] })
  timeline(@CurrentUser() user: SignedInUser, @Param('idOrKey') idOrKey: string, @Query() query: AgreementScopeQuery): Promise<TimelineItemDto[]> {
    return this.review.timeline(user, idOrKey, query.agreement);
  }

  @Get('me/activities')
  @ApiOperation({ summary: 'Mina aktiviteter: what I answer for, overdue first, then by next deadline' })
  @ApiOkResponse({ type: [MyActivityDto] })
  mine(@CurrentUser() user: SignedInUser, @Query() query: AgreementScopeQuery): Promise<MyActivityDto[]> {
    return this.review.mine(user, query.agreement);
  }
}
