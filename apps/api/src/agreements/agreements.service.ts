import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Agreement, Party } from '@app/database';
import { localDate } from '@app/domain';
import { ApiError } from '../common/api-error';

/** Finds agreements; every listing that is "per agreement" resolves which one through here. */
@Injectable()
export class AgreementsService {
  constructor(
    @InjectRepository(Agreement) private readonly agreements: Repository<Agreement>,
    @InjectRepository(Party) private readonly partyRepository: Repository<Party>,
  ) {}

  list(): Promise<Agreement[]> {
    return this.agreements.find({ order: { validFrom: 'DESC', key: 'ASC' } });
  }

  async getByKey(key: string): Promise<Agreement> {
    const agreement = await this.agreements.findOne({
      where: { key },
      relations: { parties: true, goalAreas: true, areas: true },
      order: { parties: { key: 'ASC' }, goalAreas: { code: 'ASC' }, areas: { name: 'ASC' } },
    });
    if (!agreement) throw ApiError.notFound(`No agreement with key "${key}". GET /api/agreements lists them.`);
    return agreement;
  }

  /**
   * The agreement a request is about: the one named by the `agreement` parameter, else the one in
   * force today, else the most recent one.
   */
  async resolve(key?: string): Promise<Agreement> {
    if (key) {
      const named = await this.agreements.findOne({ where: { key } });
      if (!named) {
        const known = (await this.list()).map((a) => a.key);
        throw ApiError.invalid('agreement', `no agreement has the key "${key}"; known: ${known.join(', ') || 'none'}`);
      }
      return named;
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
