import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** `limit` (1–200, default 50) and `offset` (default 0), for every listing that pages. */
export class PagingQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 200' })
  @Min(1, { message: 'limit must be a whole number from 1 to 200' })
  @Max(200, { message: 'limit must be a whole number from 1 to 200' })
  limit: number = 50;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be a whole number, 0 or more' })
  @Min(0, { message: 'offset must be a whole number, 0 or more' })
  offset: number = 0;
}

/** Paging within one agreement (default: the agreement in force today). */
export class AgreementPagingQuery extends PagingQuery {
  @ApiPropertyOptional({ description: 'Agreement key; default: the agreement in force today', example: 'vasteras-2023-2027' })
  @IsOptional()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'agreement must be an agreement key such as vasteras-2023-2027' })
  agreement?: string;
}
