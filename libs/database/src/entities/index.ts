import { Activity } from './activity.entity';
import { Agreement } from './agreement.entity';
import { Area } from './area.entity';
import { FollowUpEvent } from './follow-up-event.entity';
import { GoalArea } from './goal-area.entity';
import { Milestone } from './milestone.entity';
import { Party } from './party.entity';
import { Phase } from './phase.entity';
import { User } from './user.entity';

export { Activity, Agreement, Area, FollowUpEvent, GoalArea, Milestone, Party, Phase, User };
export type { AgreementPrinciple } from './agreement.entity';

export const ENTITIES = [Agreement, Party, GoalArea, Area, Activity, Phase, Milestone, User, FollowUpEvent];
