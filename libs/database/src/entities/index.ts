import { Activity } from './activity.entity';
import { ActivityReport } from './activity-report.entity';
import { Agreement } from './agreement.entity';
import { Area } from './area.entity';
import { CouncilMeeting } from './council-meeting.entity';
import { AuditEntry } from './audit-entry.entity';
import { FollowUpEvent } from './follow-up-event.entity';
import { GoalArea } from './goal-area.entity';
import { Membership } from './membership.entity';
import { Milestone } from './milestone.entity';
import { Municipality, MunicipalityAdministrator } from './municipality.entity';
import { Notification } from './notification.entity';
import { OidcConnection, OidcSignIn } from './oidc.entity';
import { Party } from './party.entity';
import { PasswordToken } from './password-token.entity';
import { PlanImport } from './plan-import.entity';
import { Phase } from './phase.entity';
import { RefreshToken } from './refresh-token.entity';
import { User } from './user.entity';
import { WorkflowDelivery } from './workflow-delivery.entity';

export { Activity, ActivityReport, Agreement, Area, AuditEntry, CouncilMeeting, FollowUpEvent, GoalArea, Membership, Milestone, Municipality, MunicipalityAdministrator, Notification, OidcConnection, OidcSignIn, Party, PasswordToken, Phase, PlanImport, RefreshToken, User, WorkflowDelivery };
export type { AgreementPrinciple } from './agreement.entity';
export type { MilestoneUpdate } from './activity-report.entity';
export type { EmailStatus, NotificationKind } from './notification.entity';
export type { PasswordTokenPurpose } from './password-token.entity';
export type { PlanImportError, PlanImportStatus } from './plan-import.entity';

export const ENTITIES = [Municipality, Agreement, Party, GoalArea, Area, Activity, Phase, Milestone, User, Membership, MunicipalityAdministrator, FollowUpEvent, ActivityReport, WorkflowDelivery, RefreshToken, AuditEntry, Notification, CouncilMeeting, PlanImport, OidcConnection, OidcSignIn, PasswordToken];
