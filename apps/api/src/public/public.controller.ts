import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgreementScopeQuery } from '../agreements/agreement.dto';
import { Public } from '../auth/auth.decorators';
import { renderInsynPage } from './insyn-page';
import { PublicOverview, PublicService } from './public.service';

@ApiTags('public')
@Public()
@Controller()
export class PublicController {
  constructor(private readonly publicService: PublicService) {}

  @Get('public/overview')
  @ApiOperation({ summary: 'Open to all: goal areas, activities, phase, latest status and date of the last report (no names, no report texts)' })
  @ApiOkResponse({ description: 'The public overview' })
  overview(@Query() query: AgreementScopeQuery): Promise<PublicOverview> {
    return this.publicService.overview(query.agreement);
  }

  /** Served outside /api, at /insyn. */
  @Get('insyn')
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async page(@Query() query: AgreementScopeQuery): Promise<string> {
    return renderInsynPage(await this.publicService.overview(query.agreement));
  }
}
