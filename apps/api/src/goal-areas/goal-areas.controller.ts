import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgreementScopeQuery } from '../agreements/agreement.dto';
import { CurrentUser } from '../auth/auth.decorators';
import type { SignedInUser } from '../auth/auth.decorators';
import { GoalAreaDetailDto, GoalAreaDto } from './goal-area.dto';
import { GoalAreasService } from './goal-areas.service';

@ApiBearerAuth()
@ApiTags('goal-areas')
@Controller('goal-areas')
export class GoalAreasController {
  constructor(private readonly goalAreas: GoalAreasService) {}

  @Get()
  @ApiOperation({ summary: 'The goal areas (målområden) A–H with how many activities serve each' })
  @ApiOkResponse({ type: [GoalAreaDto] })
  list(@CurrentUser() user: SignedInUser, @Query() query: AgreementScopeQuery): Promise<GoalAreaDto[]> {
    return this.goalAreas.list(user, query.agreement);
  }

  @Get(':code')
  @ApiOperation({ summary: 'One goal area with its activities' })
  @ApiOkResponse({ type: GoalAreaDetailDto })
  @ApiBadRequestResponse({ description: 'The code is not a single letter' })
  @ApiNotFoundResponse({ description: 'The agreement has no such goal area' })
  get(@CurrentUser() user: SignedInUser, @Param('code') code: string, @Query() query: AgreementScopeQuery): Promise<GoalAreaDetailDto> {
    return this.goalAreas.get(user, code, query.agreement);
  }
}
