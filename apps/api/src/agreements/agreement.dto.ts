import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Agreement, Party } from '@app/database';

export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The `agreement` query parameter, accepted by everything that reads. */
export class AgreementScopeQuery {
  @ApiPropertyOptional({
    description: 'One of your agreements (GET /api/auth/me lists them). Needed when you are a member of several; else your only one.',
    example: 'vasteras-2023-2027',
  })
  @IsOptional()
  @Matches(SLUG, { message: 'agreement must be an agreement key such as vasteras-2023-2027' })
  agreement?: string;
}

export class PrincipleDto {
  @ApiProperty() key: string;
  @ApiProperty() title: string;
  @ApiProperty() text: string;
}

export class PartyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'police' }) key: string;
  @ApiProperty({ example: 'Polisen, lokalpolisområde Västerås' }) name: string;
  @ApiPropertyOptional({ type: String, example: '2022-01', nullable: true }) joined: string | null;
  @ApiProperty({ example: 'vasteras-2023-2027' }) agreement?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'When the party was retired: it stays on what names it, but leads no new activity and gets no new member' })
  retiredAt: string | null;

  static from(p: Party, agreementKey?: string): PartyDto {
    return { id: p.id, key: p.key, name: p.name, joined: p.joined, retiredAt: p.retiredAt?.toISOString() ?? null, ...(agreementKey ? { agreement: agreementKey } : {}) };
  }
}

export class AgreementSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'vasteras-2023-2027' }) key: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: 'Västerås' }) municipality: string;
  @ApiProperty({ format: 'date' }) validFrom: string;
  @ApiProperty({ format: 'date' }) validTo: string;

  static from(a: Agreement): AgreementSummaryDto {
    return { id: a.id, key: a.key, title: a.title, municipality: a.municipality, validFrom: a.validFrom, validTo: a.validTo };
  }
}

export class GoalAreaRefDto {
  @ApiProperty({ example: 'A' }) code: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ type: String, nullable: true }) subtitle: string | null;
}

export class AreaDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ type: String, nullable: true }) note: string | null;
}

export class AgreementDto extends AgreementSummaryDto {
  @ApiProperty() purpose: string;
  @ApiProperty() longTermGoal: string;
  @ApiPropertyOptional({ type: String, nullable: true }) timePerspectives: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) geographicFocus: string | null;
  @ApiProperty({ type: [PrincipleDto] }) principles: PrincipleDto[];
  @ApiProperty({ type: [PartyDto] }) parties: PartyDto[];
  @ApiProperty({ type: [GoalAreaRefDto] }) goalAreas: GoalAreaRefDto[];
  @ApiProperty({ type: [AreaDto] }) areas: AreaDto[];

  static full(a: Agreement): AgreementDto {
    return {
      ...AgreementSummaryDto.from(a),
      purpose: a.purpose,
      longTermGoal: a.longTermGoal,
      timePerspectives: a.timePerspectives,
      geographicFocus: a.geographicFocus,
      principles: a.principles,
      parties: a.parties.map((p) => PartyDto.from(p)),
      goalAreas: a.goalAreas.map((g) => ({ code: g.code, title: g.title, subtitle: g.subtitle })),
      areas: a.areas.map((x) => ({ id: x.id, name: x.name, note: x.note })),
    };
  }
}
