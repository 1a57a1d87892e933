import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExcludeEndpoint,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Public } from '../auth/auth.decorators';
import type { SignedInUser } from '../auth/auth.decorators';
import { TokensDto } from '../auth/auth.dto';
import { AgreementScopeQuery } from '../agreements/agreement.dto';
import { CreateOidcConnectionDto, OidcConnectionDto, OidcExchangeDto, OidcProviderDto } from './oidc.dto';
import { renderOidcRefusal } from './oidc-refusal-page';
import { BROWSER_COOKIE, OidcRefusal, OidcService, SIGN_IN_TTL_MS } from './oidc.service';

const COOKIE_PATH = '/api/auth/oidc';

function cookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

@ApiTags('oidc')
@Controller()
export class OidcController {
  constructor(private readonly oidc: OidcService) {}

  @Get('oidc-connections')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The agreement’s OpenID Connect providers (administrators); secrets are never returned' })
  @ApiOkResponse({ type: [OidcConnectionDto] })
  @ApiForbiddenResponse({ description: 'Only an administrator of the agreement' })
  list(@CurrentUser() user: SignedInUser, @Query() query: AgreementScopeQuery): Promise<OidcConnectionDto[]> {
    return this.oidc.list(user, query.agreement);
  }

  @Post('oidc-connections')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Register a party’s OpenID Connect provider (administrators)',
    description: 'The issuer’s discovery document is read now and must name the issuer exactly. The client secret is stored encrypted and never returned. Audited.',
  })
  @ApiCreatedResponse({ type: OidcConnectionDto })
  @ApiBadRequestResponse({ description: 'Unknown party, bad domains, or an issuer that does not answer as one' })
  @ApiForbiddenResponse({ description: 'Only an administrator of the agreement' })
  create(@CurrentUser() user: SignedInUser, @Query() query: AgreementScopeQuery, @Body() dto: CreateOidcConnectionDto): Promise<OidcConnectionDto> {
    return this.oidc.create(user, query.agreement, dto);
  }

  @Delete('oidc-connections/:id')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Remove a provider (administrators); its people keep their memberships and passwords. Audited.' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'Only an administrator of the agreement' })
  remove(@CurrentUser() user: SignedInUser, @Query() query: AgreementScopeQuery, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string): Promise<void> {
    return this.oidc.remove(user, query.agreement, id);
  }

  @Public()
  @Get('auth/oidc/providers')
  @ApiOperation({
    summary: 'The identity providers the sign-in page offers ("Logga in med …") for the agreement it names',
    description: 'Public. Only the connections of the agreement named by ?agreement= (none for an unknown one); without ?agreement= the list is empty, so nobody learns which providers other municipalities use.',
  })
  @ApiOkResponse({ type: [OidcProviderDto] })
  providers(@Query() query: AgreementScopeQuery): Promise<OidcProviderDto[]> {
    return this.oidc.providers(query.agreement);
  }

  @Public()
  @Get('auth/oidc/:connectionId/start')
  @ApiExcludeEndpoint()
  async start(@Param('connectionId') connectionId: string, @Res() res: Response): Promise<void> {
    try {
      const { location, browser } = await this.oidc.start(connectionId);
      res.cookie(BROWSER_COOKIE, browser, { httpOnly: true, sameSite: 'lax', secure: this.oidc.redirectUri.startsWith('https:'), path: COOKIE_PATH, maxAge: SIGN_IN_TTL_MS });
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(302, location);
    } catch (error) {
      this.refuse(res, error);
    }
  }

  @Public()
  @Get('auth/oidc/callback')
  @ApiExcludeEndpoint()
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const rawQuery = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
      const code = await this.oidc.callback(req.query as Record<string, unknown>, rawQuery, cookie(req, BROWSER_COOKIE));
      res.clearCookie(BROWSER_COOKIE, { path: COOKIE_PATH });
      res.setHeader('Cache-Control', 'no-store');
      // Never tokens in an address: a one-time code in the fragment (not sent to any server, not in logs), exchanged by POST.
      res.redirect(302, `${this.oidc.webApp}/#/oidc/${code}`);
    } catch (error) {
      res.clearCookie(BROWSER_COOKIE, { path: COOKIE_PATH });
      this.refuse(res, error);
    }
  }

  @Public()
  @Post('auth/oidc/exchange')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange the one-time code of a sign-in through a provider (from #/oidc/<code>) for tokens, once, within a minute' })
  @ApiOkResponse({ type: TokensDto })
  @ApiBadRequestResponse({ description: 'Unknown, used or expired code' })
  @ApiUnauthorizedResponse({ description: 'The person has been deactivated meanwhile' })
  exchange(@Body() dto: OidcExchangeDto): Promise<TokensDto> {
    return this.oidc.exchange(dto.code);
  }

  private refuse(res: Response, error: unknown): void {
    if (!(error instanceof OidcRefusal)) throw error;
    res.status(error.status).type('html').setHeader('Cache-Control', 'no-store');
    res.send(renderOidcRefusal(error.code, error.swedish, this.oidc.webApp, error.agreementKey));
  }
}
