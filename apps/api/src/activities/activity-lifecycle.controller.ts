import { Body, Controller, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse } from '@nestjs/swagger';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isPhaseKind, ownershipProblem, ownershipRefusalSv, PHASE_KINDS } from '@app/domain';
import { Membership } from '@app/database';
import type { Activity } from '@app/database';
import { ActivityLifecycleClient, NotificationMailClient } from '@app/temporal';
import { Environment } from '@app/config';
import { notifyOwnerAssigned } from '@app/notifications';
import {
  cancelUpdate,
  changePlanUpdate,
  completePhaseUpdate,
  pauseUpdate,
  reassignOwnerUpdate,
  resumeUpdate,
} from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { CurrentUser } from '../auth/auth.decorators';
import type { SignedInUser } from '../auth/auth.decorators';
import { authorize } from '../auth/authorize';
import { AuditService } from '../audit/audit.service';
import { AgreementScopeQuery } from '../agreements/agreement.dto';
import { ActivityWithWorkflowDto } from './activity.dto';
import { CancelDto, ChangePlanDto, CreateActivityDto, GoalAreasDto, PauseDto, ReassignOwnerDto, ResumeDto } from './activity-commands.dto';
import { ActivitiesService } from './activities.service';

/**
 * Creating an activity and steering its follow-up: each command goes to the activity's workflow,
 * which accepts it or says why not (409 with the reason). Answers are the activity as it is after.
 */
@ApiTags('activities')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Outside your role or party; the message says who may' })
@ApiBadRequestResponse({ description: 'The input is malformed; the message names the field' })
@ApiConflictResponse({ description: 'The workflow refused: the message says why (e.g. already paused)' })
@ApiServiceUnavailableResponse({ description: 'Temporal does not answer; nothing was changed' })
@Controller('activities')
export class ActivityLifecycleController {
  constructor(
    private readonly activities: ActivitiesService,
    private readonly lifecycle: ActivityLifecycleClient,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly mailClient: NotificationMailClient,
    private readonly env: Environment,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create an activity; its follow-up workflow starts at once' })
  @ApiCreatedResponse({ type: ActivityWithWorkflowDto })
  async create(@CurrentUser() user: SignedInUser, @Body() dto: CreateActivityDto): Promise<ActivityWithWorkflowDto> {
    const created = await this.activities.create(user, dto); // authorized there, in the agreement it resolves
    await this.audit.record(user, { action: 'activity.create', entityType: 'activity', entityId: created.id, activityId: created.id, after: auditView(created) });
    return created;
  }

  @Post(':idOrKey/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause: the clock stops, and every later deadline moves by the paused time' })
  @ApiOkResponse({ type: ActivityWithWorkflowDto })
  pause(@CurrentUser() user: SignedInUser, @Param('idOrKey') idOrKey: string, @Query() scope: AgreementScopeQuery, @Body() dto: PauseDto) {
    return this.steer(user, idOrKey, scope, 'activity.pause', (a) => this.lifecycle.update(a.id, pauseUpdate, { reason: dto.reason.trim() }));
  }

  @Post(':idOrKey/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused activity, optionally saying why' })
  @ApiOkResponse({ type: ActivityWithWorkflowDto })
  resume(@CurrentUser() user: SignedInUser, @Param('idOrKey') idOrKey: string, @Query() scope: AgreementScopeQuery, @Body() dto: ResumeDto) {
    const reason = dto.reason?.trim();
    return this.steer(user, idOrKey, scope, 'activity.resume', (a) => this.lifecycle.update(a.id, resumeUpdate), reason ? { reason } : {});
  }

  @Post(':idOrKey/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel the activity (administrators): its follow-up ends, what is open is resolved as cancelled' })
  @ApiOkResponse({ type: ActivityWithWorkflowDto })
  cancel(@CurrentUser() user: SignedInUser, @Param('idOrKey') idOrKey: string, @Query() scope: AgreementScopeQuery, @Body() dto: CancelDto) {
    const reason = dto.reason.trim();
    return this.steer(user, idOrKey, scope, 'activity.cancel', (a) => this.lifecycle.update(a.id, cancelUpdate, { reason }), { reason }, 'cancel-activity');
  }

  @Put(':idOrKey/plan')
  @ApiOperation({ summary: 'Change phase dates or follow-up cadence; applies to what has not fired yet' })
  @ApiOkResponse({ type: ActivityWithWorkflowDto })
  changePlan(@CurrentUser() user: SignedInUser, @Param('idOrKey') idOrKey: string, @Query() scope: AgreementScopeQuery, @Body() dto: ChangePlanDto) {
    return this.steer(user, idOrKey, scope, 'activity.change-plan', (a) => {
      // The plan lives within the agreement's period: the workflow ends when the agreement does.
      for (const [i, p] of dto.phases.entries()) {
        for (const field of ['startDate', 'targetDate'] as const) {
          const date = p[field];
          if (date && (date < a.agreement.validFrom || date > a.agreement.validTo)) {
            throw ApiError.invalid(`phases[${i}].${field}`, `${date} is outside the agreement's period, ${a.agreement.validFrom} to ${a.agreement.validTo}`);
          }
        }
      }
      return this.lifecycle.update(a.id, changePlanUpdate, { phases: dto.phases });
    });
  }

  @Post(':idOrKey/phases/:kind/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete the current phase now; after the long phase the activity is completed' })
  @ApiOkResponse({ type: ActivityWithWorkflowDto })
  completePhase(@CurrentUser() user: SignedInUser, @Param('idOrKey') idOrKey: string, @Param('kind') kind: string, @Query() scope: AgreementScopeQuery) {
    if (!isPhaseKind(kind)) throw ApiError.invalid('kind', `"${kind}" is not a phase; use one of ${PHASE_KINDS.join(', ')}`);
    return this.steer(user, idOrKey, scope, 'activity.complete-phase', (a) => this.lifecycle.update(a.id, completePhaseUpdate, { phase: kind }));
  }

  @Put(':idOrKey/owner')
  @ApiOperation({ summary: 'Give the activity a new owner (aktivitetsansvarig); the next reminder goes to them' })
  @ApiOkResponse({ type: ActivityWithWorkflowDto })
  async reassignOwner(@CurrentUser() user: SignedInUser, @Param('idOrKey') idOrKey: string, @Query() scope: AgreementScopeQuery, @Body() dto: ReassignOwnerDto) {
    const ownerId = dto.ownerId ?? null;
    let previous: string | null = null;
    const after = await this.steer(user, idOrKey, scope, 'activity.reassign-owner', async (a) => {
      previous = a.ownerId;
      // An owner answers for the activity within its agreement, so must be a member of it.
      const membership = ownerId ? await this.dataSource.getRepository(Membership).findOne({ where: { userId: ownerId, agreementId: a.agreementId } }) : null;
      if (ownerId && !membership) {
        throw ApiError.invalid('ownerId', `no member of ${a.agreement.key} has the id ${ownerId}; GET /api/users?agreement=${a.agreement.key} lists them`);
      }
      if (membership) {
        // And an owner at the lead party or a co-operating one (ownershipProblem).
        const cooperating: { party_id: string }[] = await this.dataSource.query(`SELECT party_id FROM activity_cooperating_party WHERE activity_id = $1`, [a.id]);
        const problem = ownershipProblem({ roles: membership.roles, party: membership.partyId }, { leadParty: a.leadPartyId, cooperatingParties: cooperating.map((c) => c.party_id) });
        if (problem) {
          throw ApiError.invalid('ownerId', ownershipRefusalSv(problem));
        }
      }
      return this.lifecycle.update(a.id, reassignOwnerUpdate, { ownerId });
    });
    // The new owner is told (a notification, and an e-mail unless they take the digest).
    if (ownerId && ownerId !== previous) {
      const [by]: { name: string }[] = await this.dataSource.query(`SELECT name FROM app_user WHERE id = $1`, [user.userId]);
      const mail = await this.dataSource.transaction((em) =>
        notifyOwnerAssigned(em, after.id, ownerId, by?.name ?? null, `${ownerId}:${new Date().toISOString()}`, this.env.PUBLIC_URL!),
      );
      await this.mailClient.start(mail).catch(() => undefined); // if Temporal is away, the worker sends them later
    }
    return after;
  }

  @Put(':idOrKey/goal-areas')
  @ApiOperation({ summary: 'Change which goal areas (målområden) the activity serves' })
  @ApiOkResponse({ type: ActivityWithWorkflowDto })
  setGoalAreas(@CurrentUser() user: SignedInUser, @Param('idOrKey') idOrKey: string, @Query() scope: AgreementScopeQuery, @Body() dto: GoalAreasDto) {
    return this.steer(user, idOrKey, scope, 'activity.goal-areas', (a) => this.activities.setGoalAreas(a, dto.goalAreas));
  }

  /**
   * Every command the same way: find the activity, check the caller may steer it, send the command to
   * its workflow (which accepts it or says why not), and record before and after in the audit trail.
   */
  private async steer(
    user: SignedInUser,
    idOrKey: string,
    scope: AgreementScopeQuery,
    action: string,
    send: (activity: Activity) => Promise<unknown>,
    /** What the caller said about the change (a reason), kept with the audit entry's after. */
    note: Record<string, string> = {},
    permission: 'steer' | 'cancel-activity' = 'steer',
  ): Promise<ActivityWithWorkflowDto> {
    const activity = await this.activities.find(user, idOrKey, scope.agreement, { agreement: true });
    authorize(user, permission, activity);
    if (activity.status !== 'active') {
      throw new ApiError(ApiErrorCode.Conflict, `The activity is ${activity.status}; its follow-up has ended and can no longer be changed.`);
    }
    const before = await this.activities.getWithWorkflow(user, activity.id);
    await send(activity);
    const after = await this.activities.getWithWorkflow(user, activity.id);
    await this.audit.record(user, { action, entityType: 'activity', entityId: activity.id, activityId: activity.id, before: auditView(before), after: { ...auditView(after), ...note } });
    return after;
  }
}

/** What the audit trail keeps of an activity: its plan, owner and follow-up state. */
function auditView(a: ActivityWithWorkflowDto) {
  return {
    phase: a.phase,
    status: a.status,
    ownerId: a.owner?.id ?? null,
    paused: a.workflow?.paused ?? null,
    goalAreas: a.goalAreas.map((g) => g.code),
    phases: a.phases.map((p) => ({ kind: p.kind, startDate: p.startDate, targetDate: p.targetDate, followUpEvery: p.followUpEvery })),
  };
}
