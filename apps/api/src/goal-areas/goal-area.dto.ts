import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ActivityListItemDto } from '../activities/activity.dto';

export class GoalAreaDto {
  @ApiProperty({ example: 'H' }) code: string;
  @ApiProperty({ example: 'Reducera dödligt våld' }) title: string;
  @ApiPropertyOptional({ type: String, nullable: true }) subtitle: string | null;
  @ApiProperty({ example: 4 }) activityCount: number;
  @ApiProperty({ example: 'vasteras-2023-2027' }) agreement: string;
}

export class GoalAreaDetailDto extends GoalAreaDto {
  @ApiProperty({ type: [ActivityListItemDto] }) activities: ActivityListItemDto[];
}
