import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { isPhaseKind, PHASE_KINDS } from '@app/domain';
import type { FollowUpSettings, PhaseKind } from '@app/domain';
import { Activity, Party, Phase } from '@app/database';
import {
  ActivityLifecycleClient,
  deliverFollowUpRevisions,
  FollowUpRevisionError,
  MilestoneRevisionResult,
  MilestoneWish,
  reviseFollowUpSettings,
  reviseMilestones,
  settingsOf,
} from '@app/temporal';
import { ApiError, ApiErrorCode } from '../common/api-error';
import type { SignedInUser } from '../auth/auth.decorators';
import { authorize } from '../auth/authorize';
import { AuditService } from '../audit/audit.service';
import { AgreementsService } from '../agreements/agreements.service';
import { ActivitiesService } from './activities.service';
import { AddMilestoneDto, EditActivityDto, EditedActivityDto, EditMilestoneDto, FollowUpSettingsAnswerDto, FollowUpSettingsDto } from './activity-editing.dto';
import { FollowUpRevisionSweep } from './follow-up-revision-sweep.service';

/** Who acts: a signed-in person (a request), or the system (null). */
type Actor = Pick<SignedInUser, 'userId' | 'email'> | null;

/**
 * Editing an activity (title, description, co-operating parties), its delmål, and its agreement's
 * reminder offsets and escalation ladder: each checked, written to PostgreSQL with its audit entry in
 * one transaction, and then told to the running workflows (`reviseFollowUp`).
 */
@Injectable()
export class ActivityEditingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly activities: ActivitiesService,
    private readonly agreements: AgreementsService,
    private readonly lifecycle: ActivityLifecycleClient,
    private readonly audit: AuditService,
    private readonly sweep: FollowUpRevisionSweep,
  ) {}

  /** Title, description and co-operating parties (parties of the activity's own agreement, not its lead). */
  async edit(user: SignedInUser, idOrKey: string, agreementKey: string | undefined, dto: EditActivityDto): Promise<EditedActivityDto> {
    const activity = await this.editable(user, idOrKey, agreementKey, { agreement: true, cooperatingParties: true, leadParty: true });
    if (dto.title === undefined && dto.description === undefined && dto.cooperatingParties === undefined) {
      throw ApiError.invalid('body', 'changes nothing: give title, description or cooperatingParties');
    }
    const before = { title: activity.title, description: activity.description, cooperatingParties: activity.cooperatingParties.map((p) => p.key).sort() };
    await this.dataSource.transaction(async (em) => {
      if (dto.title !== undefined || dto.description !== undefined) {
        await em.update(Activity, { id: activity.id }, {
          ...(dto.title !== undefined ? { title: dto.title.trim() } : {}),
          ...(dto.description !== undefined ? { description: dto.description.trim() } : {}),
        });
      }
      if (dto.cooperatingParties !== undefined) {
        const keys = dto.cooperatingParties;
        if (keys.includes(activity.leadParty.key)) {
          throw ApiError.invalid('cooperatingParties', `${activity.leadParty.key} leads the activity; list only the other parties`);
        }
        const parties = keys.length ? await em.find(Party, { where: { agreementId: activity.agreementId, key: In(keys) } }) : [];
        const unknown = keys.filter((k) => !parties.some((p) => p.key === k));
        if (unknown.length) {
          throw ApiError.invalid('cooperatingParties', `${unknown.map((k) => `"${k}"`).join(', ')} ${unknown.length === 1 ? 'is not a party' : 'are not parties'} of ${activity.agreement.key}`);
        }
        await em.createQueryBuilder().relation(Activity, 'cooperatingParties').of(activity.id).addAndRemove(parties, activity.cooperatingParties);
      }
      const after = {
        title: dto.title?.trim() ?? before.title,
        description: dto.description?.trim() ?? before.description,
        cooperatingParties: dto.cooperatingParties ? [...dto.cooperatingParties].sort() : before.cooperatingParties,
      };
      await this.audit.record(user, { action: 'activity.edit', entityType: 'activity', entityId: activity.id, activityId: activity.id, before, after }, em);
    });
    return { ...(await this.activities.getWithWorkflow(user, activity.id)), followUpRevision: 'unchanged' };
  }

  async addMilestone(user: SignedInUser, idOrKey: string, agreementKey: string | undefined, kind: string, dto: AddMilestoneDto): Promise<EditedActivityDto> {
    const { activity, phase } = await this.phaseOf(user, idOrKey, agreementKey, kind);
    const wished: MilestoneWish[] = [...this.asWished(phase), { title: dto.title, dueDate: dto.dueDate }];
    return this.answer(user, activity, await this.reviseMilestones(user, activity, phase.kind, wished));
  }

  async editMilestone(user: SignedInUser, idOrKey: string, agreementKey: string | undefined, kind: string, milestoneId: string, dto: EditMilestoneDto): Promise<EditedActivityDto> {
    const { activity, phase } = await this.phaseOf(user, idOrKey, agreementKey, kind);
    this.milestoneOf(phase, milestoneId);
    if (dto.title === undefined && dto.dueDate === undefined) throw ApiError.invalid('body', 'changes nothing: give title, dueDate or both');
    const wished = this.asWished(phase).map((m) => (m.id === milestoneId ? { ...m, title: dto.title ?? m.title, dueDate: dto.dueDate ?? m.dueDate } : m));
    return this.answer(user, activity, await this.reviseMilestones(user, activity, phase.kind, wished));
  }

  async removeMilestone(user: SignedInUser, idOrKey: string, agreementKey: string | undefined, kind: string, milestoneId: string): Promise<EditedActivityDto> {
    const { activity, phase } = await this.phaseOf(user, idOrKey, agreementKey, kind);
    this.milestoneOf(phase, milestoneId);
    const wished = this.asWished(phase).filter((m) => m.id !== milestoneId);
    return this.answer(user, activity, await this.reviseMilestones(user, activity, phase.kind, wished));
  }

  /**
   * THE way delmål change: makes the delmål of `phase` of `activity` exactly `wished` (a wish with an
   * `id` keeps that delmål, one without is new, one not wished is removed; dates within the phase and
   * the agreement's period), with an audit entry per delmål by `actor`, and marks the activity for its
   * workflow. Checking who may is the caller's (`authorize(user, 'edit-activity', activity)`).
   *
   * - Without `em`: in a transaction of its own; after commit it tells the workflow at once and answers
   *   `delivered`, or `pending` when Temporal is away (the sweep tells it within seconds of its return).
   * - With `em` (a caller's transaction, e.g. a spreadsheet import of many activities): it writes within
   *   it and tells nobody; after commit call `deliverFollowUpRevisions` from `@app/temporal` for the
   *   activities, or leave it to the API's sweep (`FollowUpRevisionSweep`, every 5 s). The worker side
   *   can call `reviseMilestones(em, actor, …)` from `@app/temporal` directly: it is the same function.
   *
   * A refusal is an ApiError (400) naming the field (`milestones[i].dueDate`).
   */
  async reviseMilestones(
    actor: Actor,
    activity: Pick<Activity, 'id'>,
    phase: PhaseKind,
    wished: MilestoneWish[],
    em?: EntityManager,
  ): Promise<{ result: MilestoneRevisionResult; followUpRevision: EditedActivityDto['followUpRevision'] }> {
    const write = (m: EntityManager) => reviseMilestones(m, actor, activity.id, phase, wished).catch(asApiError);
    if (em) return { result: await write(em), followUpRevision: 'pending' };
    const result = await this.dataSource.transaction(write);
    if (result.added.length + result.changed.length + result.removed.length === 0) return { result, followUpRevision: 'unchanged' };
    const told = await deliverFollowUpRevisions(this.dataSource, this.lifecycle, [activity.id]);
    return { result, followUpRevision: told.pending ? 'pending' : 'delivered' };
  }

  async settings(user: SignedInUser, agreementKey: string): Promise<FollowUpSettingsAnswerDto> {
    const agreement = await this.agreements.getByKey(user, agreementKey);
    return { agreement: agreement.key, ...settingsOf(agreement) };
  }

  /**
   * Sets the agreement's reminder offsets and escalation ladder (checked as at seeding, by the
   * domain's `followUpSettingsProblems`) with its audit entry, marks every active activity, and starts
   * telling their workflows (the sweep, bounded; it answers before they all have heard). With `em`,
   * writes within the caller's transaction and leaves the telling to the sweep.
   */
  async applySettings(user: SignedInUser, agreementKey: string, dto: FollowUpSettingsDto, em?: EntityManager): Promise<FollowUpSettingsAnswerDto> {
    const agreement = await this.agreements.getByKey(user, agreementKey);
    authorize(user, 'administer-follow-up', { agreementId: agreement.id });
    const settings: FollowUpSettings = {
      reminderOffsets: [...dto.reminderOffsets],
      escalationLadder: dto.escalationLadder.map((s) => ({ level: s.level, body: s.body, after: s.after })),
    };
    const write = async (m: EntityManager) => {
      const { before, changed, marked } = await reviseFollowUpSettings(m, agreement.id, settings).catch(asApiError);
      if (changed) await this.audit.record(user, { action: 'agreement.follow-up-settings', entityType: 'agreement', entityId: agreement.id, agreementId: agreement.id, before, after: settings }, m);
      return marked;
    };
    const marked = em ? await write(em) : await this.dataSource.transaction(write);
    if (!em) this.sweep.kick();
    return { agreement: agreement.key, ...settings, workflowsToTell: marked };
  }

  private async editable(user: SignedInUser, idOrKey: string, agreementKey: string | undefined, relations: Parameters<ActivitiesService['find']>[3]): Promise<Activity> {
    const activity = await this.activities.find(user, idOrKey, agreementKey, { agreement: true, ...relations });
    authorize(user, 'edit-activity', activity);
    if (activity.status !== 'active') {
      throw new ApiError(ApiErrorCode.Conflict, `The activity is ${activity.status}; its follow-up has ended and it can no longer be changed.`);
    }
    return activity;
  }

  private async phaseOf(user: SignedInUser, idOrKey: string, agreementKey: string | undefined, kind: string): Promise<{ activity: Activity; phase: Phase }> {
    if (!isPhaseKind(kind)) throw ApiError.invalid('kind', `"${kind}" is not a phase; use one of ${PHASE_KINDS.join(', ')}`);
    const activity = await this.editable(user, idOrKey, agreementKey, {});
    const phase = await this.dataSource.getRepository(Phase).findOne({ where: { activityId: activity.id, kind }, relations: { milestones: true } });
    if (!phase) throw ApiError.notFound(`The activity has no ${kind} phase.`);
    return { activity, phase };
  }

  private milestoneOf(phase: Phase, milestoneId: string) {
    const found = phase.milestones.find((m) => m.id === milestoneId);
    if (!found) throw ApiError.notFound(`The ${phase.kind} phase has no delmål with the id ${milestoneId}.`);
    return found;
  }

  private asWished(phase: Phase): MilestoneWish[] {
    return [...phase.milestones].sort((a, b) => a.position - b.position).map((m) => ({ id: m.id, title: m.title, dueDate: m.dueDate }));
  }

  private async answer(user: SignedInUser, activity: Activity, revised: { followUpRevision: EditedActivityDto['followUpRevision'] }): Promise<EditedActivityDto> {
    return { ...(await this.activities.getWithWorkflow(user, activity.id)), followUpRevision: revised.followUpRevision };
  }
}

function asApiError(error: unknown): never {
  // ApiError.invalid names the field itself: "escalationLadder[0].level: … must be 1", not twice.
  if (error instanceof FollowUpRevisionError) throw ApiError.invalid(error.field, error.message.replace(new RegExp(`^${error.field.replace(/[[\].]/g, '\\$&')}:? `), ''));
  throw error;
}
