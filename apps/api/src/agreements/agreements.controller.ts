import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgreementDto, AgreementScopeQuery, AgreementSummaryDto, PartyDto } from './agreement.dto';
import { AgreementsService } from './agreements.service';
import { CurrentUser } from '../auth/auth.decorators';
import type { SignedInUser } from '../auth/auth.decorators';

@ApiBearerAuth()
@ApiTags('agreements')
@Controller()
export class AgreementsController {
  constructor(private readonly agreements: AgreementsService) {}

  @Get('agreements')
  @ApiOperation({ summary: 'Your agreements (samverkansöverenskommelser): those you are a member of, newest first' })
  @ApiOkResponse({ type: [AgreementSummaryDto] })
  async list(@CurrentUser() user: SignedInUser): Promise<AgreementSummaryDto[]> {
    return (await this.agreements.listFor(user)).map(AgreementSummaryDto.from);
  }

  @Get('agreements/:key')
  @ApiOperation({ summary: 'One agreement with its purpose, principles, parties, goal areas and areas' })
  @ApiOkResponse({ type: AgreementDto })
  @ApiNotFoundResponse({ description: 'No agreement has that key' })
  async get(@CurrentUser() user: SignedInUser, @Param('key') key: string): Promise<AgreementDto> {
    return AgreementDto.full(await this.agreements.getByKey(user, key));
  }

  @Get('parties')
  @ApiOperation({ summary: 'The parties of one of your agreements that take part now (a retired party is left out: GET /api/agreements/{key} names it)' })
  @ApiOkResponse({ type: [PartyDto] })
  async parties(@CurrentUser() user: SignedInUser, @Query() query: AgreementScopeQuery): Promise<PartyDto[]> {
    const agreement = await this.agreements.resolveFor(user, query.agreement);
    return (await this.agreements.parties(agreement.id)).filter((p) => p.retiredAt === null).map((p) => PartyDto.from(p, agreement.key));
  }
}
