import { ApiHideProperty, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { Transform } from 'class-transformer';
/**
 * The web app names the agreement it shows in every request (`?agreement=`). These endpoints act on
 * the agreement in their path (or the import's own), so the parameter is taken and ignored, and not
 * documented: it chooses nothing here.
 */
export class IgnoredAgreementQuery {
  @ApiHideProperty()
  @IsOptional()
  @IsString()
  agreement?: string;
}

export class ExportPlanQuery extends IgnoredAgreementQuery {
  @ApiPropertyOptional({ enum: ['xlsx', 'csv'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['xlsx', 'csv'], { message: 'format must be xlsx or csv' })
  format?: 'xlsx' | 'csv';
}

export class ExportReportsQuery extends ExportPlanQuery {
  @ApiProperty({ description: 'First day of the period (YYYY-MM-DD, Swedish time), inclusive', example: '2026-01-01' })
  @IsString({ message: 'from must be a date (YYYY-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date (YYYY-MM-DD)' })
  from: string;

  @ApiProperty({ description: 'Last day of the period (YYYY-MM-DD, Swedish time), inclusive', example: '2026-06-30' })
  @IsString({ message: 'to must be a date (YYYY-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date (YYYY-MM-DD)' })
  to: string;
}

export class ImportPlanQuery extends IgnoredAgreementQuery {
  @ApiPropertyOptional({ description: 'true: check every row against the agreement and report, writing nothing', default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value))
  @IsIn([true, false], { message: 'dryRun must be true or false' })
  dryRun?: boolean;
}

export class ImportRowErrorDto {
  @ApiProperty({ description: 'Row of the sheet (the header is row 1)' })
  row: number;
  @ApiProperty({ description: 'Column name, such as owner_email' })
  column: string;
  @ApiProperty({ description: 'What is wrong, in Swedish' })
  message: string;
}

export class PlanImportDto {
  @ApiProperty() id: string;
  @ApiProperty() agreement: string;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: ['xlsx', 'csv'] }) format: 'xlsx' | 'csv';
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) status: 'queued' | 'running' | 'done' | 'failed';
  @ApiProperty({ description: 'Activity rows in the file' }) total: number;
  @ApiProperty({ description: 'Rows handled so far (written, unchanged or refused)' }) done: number;
  @ApiProperty({ description: 'Rows refused (each error in errors); the other rows are written' }) failed: number;
  @ApiProperty({ description: 'Activities created (in a dry run: that would be)' }) created: number;
  @ApiProperty({ description: 'Activities updated (in a dry run: that would be)' }) updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty({ type: [ImportRowErrorDto] }) errors: ImportRowErrorDto[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why the import stopped, when it failed as a whole' }) problem: string | null;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ nullable: true, type: String }) finishedAt: string | null;
}
