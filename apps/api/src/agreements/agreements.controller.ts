import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgreementDto, AgreementScopeQuery, AgreementSummaryDto, PartyDto } from './agreement.dto';
import { AgreementsService } from './agreements.service';

@ApiBearerAuth()
@ApiTags('agreements')
@Controller()
export class AgreementsController {
  constructor(private readonly agreements: AgreementsService) {}

  @Get('agreements')
  @ApiOperation({ summary: 'All agreements (samverkansöverenskommelser), newest first' })
  @ApiOkResponse({ type: [AgreementSummaryDto] })
  async list(): Promise<AgreementSummaryDto[]> {
    return (await this.agreements.list()).map(AgreementSummaryDto.from);
  }

  @Get('agreements/:key')
  @ApiOperation({ summary: 'One agreement with its purpose, principles, parties, goal areas and areas' })
  @ApiOkResponse({ type: AgreementDto })
  @ApiNotFoundResponse({ description: 'No agreement has that key' })
  async get(@Param('key') key: string): Promise<AgreementDto> {
    return AgreementDto.full(await this.agreements.getByKey(key));
  }

  @Get('parties')
  @ApiOperation({ summary: 'The parties of an agreement (default: the agreement in force today)' })
  @ApiOkResponse({ type: [PartyDto] })
  async parties(@Query() query: AgreementScopeQuery): Promise<PartyDto[]> {
    const agreement = await this.agreements.resolve(query.agreement);
    return (await this.agreements.parties(agreement.id)).map((p) => PartyDto.from(p, agreement.key));
  }
}
