import { Init1795440582334 } from './1795440582334-Init';
import { FollowUpLifecycle1795443296524 } from './1795443296524-FollowUpLifecycle';
import { ReportsAndSignIn1795443980447 } from './1795443980447-ReportsAndSignIn';
import { ReviewAndAudit1795444239560 } from './1795444239560-ReviewAndAudit';
import { Notifications1795445133183 } from './1795445133183-Notifications';
import { SameAgreementLinks1795446000000 } from './1795446000000-SameAgreementLinks';
import { CouncilMeetings1795452070894 } from './1795452070894-CouncilMeetings';
import { IdempotencyPerPerson1795460000000 } from './1795460000000-IdempotencyPerPerson';
import { NotificationPerActivity1795461000000 } from './1795461000000-NotificationPerActivity';
import { CadenceAtLeastADay1795462000000 } from './1795462000000-CadenceAtLeastADay';
import { SignInHardening1795463000000 } from './1795463000000-SignInHardening';
import { CalendarFeedSecretHashed1795464000000 } from './1795464000000-CalendarFeedSecretHashed';
import { Tenancy1795465000000 } from './1795465000000-Tenancy';
import { PasswordTokens1796182337440 } from './1796182337440-PasswordTokens';
import { PlanImport1796182747545 } from './1796182747545-PlanImport';
import { OidcConnections1796183000000 } from './1796183000000-OidcConnections';
import { AgreementAdministration1796190000000 } from './1796190000000-AgreementAdministration';
import { FollowUpRevision1796191000000 } from './1796191000000-FollowUpRevision';
import { PeopleWithinTenant1796193000000 } from './1796193000000-PeopleWithinTenant';
import { ReadPathIndexes1796194000000 } from './1796194000000-ReadPathIndexes';
import { ActivityAgenda1796194100000 } from './1796194100000-ActivityAgenda';
import { OutboxNextAttempt1796195000000 } from './1796195000000-OutboxNextAttempt';
import { OwnerAssignedNotification1796196100000 } from './1796196100000-OwnerAssignedNotification';

/**
 * Every migration, oldest first. Written by `npm run migration:generate -- <Name>`; a migration that
 * has been merged is never edited: write a new one.
 */
export const MIGRATIONS: Function[] = [Init1795440582334, FollowUpLifecycle1795443296524, ReportsAndSignIn1795443980447, ReviewAndAudit1795444239560, Notifications1795445133183, SameAgreementLinks1795446000000, CouncilMeetings1795452070894, IdempotencyPerPerson1795460000000, NotificationPerActivity1795461000000, CadenceAtLeastADay1795462000000, SignInHardening1795463000000, CalendarFeedSecretHashed1795464000000, Tenancy1795465000000, PasswordTokens1796182337440, PlanImport1796182747545, OidcConnections1796183000000, AgreementAdministration1796190000000, FollowUpRevision1796191000000, PeopleWithinTenant1796193000000, ReadPathIndexes1796194000000, ActivityAgenda1796194100000, OutboxNextAttempt1796195000000, OwnerAssignedNotification1796196100000];
