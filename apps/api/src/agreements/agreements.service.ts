import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { acrossTenants, Agreement, Party } from '@app/database';
import { localDate } from '@app/domain';
import { ApiError, ApiErrorCode } from '../common/api-error';
import type { MembershipOfUser, SignedInUser } from '../auth/auth.decorators';

/** Finds agreements; every listing that is "per agreement" resolves which one through here. */
@Injectable()
export class AgreementsService {
  constructor(
    @InjectRepository(Agreement) private readonly agreements: Repository<Agreement>,
    @InjectRepository(Party) private readonly partyRepository: Repository<Party>,
  ) {}

  /** The agreements the person is a member of, newest first. */
  listFor(person: SignedInUser): Promise<Agreement[]> {
    return this.agreements.find({ where: { id: In(person.memberships.map((m) => m.agreementId)) }, order: { validFrom: 'DESC', key: 'ASC' } });
  }

  private list(): Promise<Agreement[]> {
    return this.agreements.find({ order: { validFrom: 'DESC', key: 'ASC' } });
  }

  /** One of the person's agreements, in full; another's (or none) is 404. */
  async getByKey(person: SignedInUser, key: string): Promise<Agreement> {
    const agreementId = person.memberships.find((m) => m.agreementKey === key)?.agreementId;
    const agreement = agreementId && await this.agreements.findOne({
      where: { id: agreementId },
      relations: { parties: true, goalAreas: true, areas: true },
      order: { parties: { key: 'ASC' }, goalAreas: { code: 'ASC' }, areas: { name: 'ASC' } },
    });
    if (!agreement) throw ApiError.notFound(`You are a member of no agreement with key "${key}". GET /api/agreements lists yours.`);
    return agreement;
  }

  /**
   * The agreement a signed-in person's request is about, always one they are a member of: the one
   * `?agreement=` names; without it, their only one. A person with several gets a 400 listing them
   * (the web app always says which); a key that is not among theirs is answered exactly as one that
   * does not exist, so another tenant's agreements cannot be found out by guessing.
   */
  async resolveFor(person: SignedInUser, key?: string): Promise<Agreement> {
    const mine = person.memberships;
    const listing = () => mine.map((m) => `${m.agreementKey} (${m.agreementTitle})`).join(', ');
    if (mine.length === 0) {
      throw new ApiError(ApiErrorCode.NoMembership, 'You are a member of no agreement, so there is nothing to show; ask an administrator of your municipality for a membership.');
    }
    let chosen: MembershipOfUser | undefined;
    if (key) {
      chosen = mine.find((m) => m.agreementKey === key);
      if (!chosen) throw ApiError.invalid('agreement', `you are a member of no agreement with the key "${key}"; yours: ${listing()}`);
    } else if (mine.length === 1) {
      chosen = mine[0];
    } else {
      throw new ApiError(
        ApiErrorCode.AgreementRequired,
        `You are a member of ${mine.length} agreements; say which with ?agreement=<key>: ${listing()}`,
        mine.map((m) => ({ field: 'agreement', message: `${m.agreementKey}: ${m.agreementTitle}` })),
      );
    }
    const agreement = await this.agreements.findOne({ where: { id: chosen.agreementId } });
    if (!agreement) throw ApiError.invalid('agreement', `the agreement "${chosen.agreementKey}" no longer exists; yours: ${listing()}`);
    return agreement;
  }

  /**
   * For what anyone may read (the public /insyn page): the agreement named, else the one in force
   * today, else the most recent one. Reads across tenants; the caller scopes the rest of the request
   * to the agreement found.
   */
  async resolvePublic(key?: string): Promise<Agreement> {
    return acrossTenants(() => this.resolveAny(key));
  }

  /** Every agreement on the platform, for the public page's choice (title, municipality, period: public facts). */
  publicList(): Promise<Agreement[]> {
    return acrossTenants(() => this.list());
  }

  private async resolveAny(key?: string): Promise<Agreement> {
    if (key) {
      const named = await this.agreements.findOne({ where: { key } });
      if (!named) {
        const known = (await this.list()).map((a) => a.key);
        throw ApiError.invalid('agreement', `no agreement has the key "${key}"; known: ${known.join(', ') || 'none'}`);
      }
      return named;
    }
    const all = await this.list();
    if (all.length > 1) {
      throw new ApiError(
        ApiErrorCode.AgreementRequired,
        `There are ${all.length} agreements; say which with ?agreement=<key>: ${all.map((a) => a.key).join(', ')}`,
        all.slice(0, 50).map((a) => ({ field: 'agreement', message: `${a.key}: ${a.title}` })),
      );
    }
    const today = localDate(Date.now()); // the day in Sweden
    const current = await this.agreements
      .createQueryBuilder('a')
      .orderBy(`CASE WHEN a.valid_from <= :today AND a.valid_to > :today THEN 0 ELSE 1 END`)
      .addOrderBy('a.valid_from', 'DESC')
      .setParameter('today', today)
      .getOne();
    if (!current) throw ApiError.notFound('There is no agreement yet. Seed one (npm start does) or create one.');
    return current;
  }

  parties(agreementId: string): Promise<Party[]> {
    return this.partyRepository.find({ where: { agreementId }, order: { key: 'ASC' } });
  }
}
