import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgreementScopeQuery } from '../agreements/agreement.dto';
import { Public } from '../auth/auth.decorators';
import { renderInsynChoice, renderInsynPage } from './insyn-page';
import { AgreementsService } from '../agreements/agreements.service';
import { PublicOverview, PublicService } from './public.service';

@ApiTags('public')
@Public()
@Controller()
export class PublicController {
  constructor(
    private readonly publicService: PublicService,
    private readonly agreements: AgreementsService,
  ) {}

  @Get('public/overview')
  @ApiOperation({ summary: 'Open to all: goal areas, activities, phase, latest status and date of the last report (no names, no report texts); with several agreements on the platform, ?agreement= says which (else 400 listing them)' })
  @ApiOkResponse({ description: 'The public overview' })
  overview(@Query() query: AgreementScopeQuery): Promise<PublicOverview> {
    return this.publicService.overview(query.agreement);
  }

  /** Served outside /api, at /insyn. */
  @Get('insyn')
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async page(@Query() query: AgreementScopeQuery): Promise<string> {
    // With several municipalities on the platform and none named, the page asks which one.
    if (!query.agreement) {
      const all = await this.agreements.publicList();
      if (all.length > 1) return renderInsynChoice(all.map((a) => ({ key: a.key, title: a.title, municipality: a.municipality, validFrom: a.validFrom, validTo: a.validTo })));
    }
    return renderInsynPage(await this.publicService.overview(query.agreement));
  }
}
