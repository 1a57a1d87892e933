import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { latestReportJoin, scopeTo } from '@app/database';
import { localDate, PHASE_NAMES_SV } from '@app/domain';
import type { PhaseKind } from '@app/domain';
import { AgreementsService } from '../agreements/agreements.service';

export interface PublicActivity {
  key: string;
  title: string;
  phase: PhaseKind;
  phaseName: string;
  latestStatus: 'on_track' | 'at_risk' | 'off_track' | null;
  lastReportDate: string | null;
}

export interface PublicOverview {
  agreement: { key: string; title: string; municipality: string; validFrom: string; validTo: string; purpose: string };
  goalAreas: { code: string; title: string; subtitle: string | null; activities: PublicActivity[] }[];
}

/**
 * What anyone may see, as the agreement's openness principle asks: goal areas, activities, their
 * phase, latest status and the date of the last report. Never names, never report texts.
 */
@Injectable()
export class PublicService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agreements: AgreementsService,
  ) {}

  async overview(agreementKey?: string): Promise<PublicOverview> {
    const agreement = await this.agreements.resolvePublic(agreementKey);
    // The rest of this public request sees that agreement's rows only.
    scopeTo([agreement.id], null);
    const rows: { code: string; goal_title: string; subtitle: string | null; key: string | null; title: string | null; phase: PhaseKind | null; status: PublicActivity['latestStatus']; submitted_at: Date | null }[] =
      await this.dataSource.query(
        `SELECT g.code, g.title AS goal_title, g.subtitle, a.key, a.title, a.current_phase AS phase, latest.status, latest.submitted_at
           FROM goal_area g
           LEFT JOIN activity_goal_area ag ON ag.goal_area_id = g.id
           LEFT JOIN activity a ON a.id = ag.activity_id AND a.status = 'active'
           ${latestReportJoin('a')}
          WHERE g.agreement_id = $1
          ORDER BY g.code, a.title`,
        [agreement.id],
      );
    const goalAreas = new Map<string, PublicOverview['goalAreas'][number]>();
    for (const r of rows) {
      const area = goalAreas.get(r.code) ?? { code: r.code, title: r.goal_title, subtitle: r.subtitle, activities: [] };
      goalAreas.set(r.code, area);
      if (r.key && r.title && r.phase) {
        area.activities.push({
          key: r.key,
          title: r.title,
          phase: r.phase,
          phaseName: PHASE_NAMES_SV[r.phase],
          latestStatus: r.status,
          lastReportDate: r.submitted_at ? localDate(r.submitted_at.getTime()) : null, // the day in Sweden
        });
      }
    }
    return {
      agreement: { key: agreement.key, title: agreement.title, municipality: agreement.municipality, validFrom: agreement.validFrom, validTo: agreement.validTo, purpose: agreement.purpose },
      goalAreas: [...goalAreas.values()],
    };
  }
}
