/** What the lists behind Översikt share: typed query parameters, counted words, list addresses. */
import { api } from '../api';
import { REPORT_STATUS_SV } from '@app/domain/swedish';
import type { ReportState } from '@app/domain/swedish';
import { href } from '../agreement';

// From the domain's Swedish words (importing the lifecycle module itself would bundle its holiday calendar).
export const REPORT_STATES = Object.keys(REPORT_STATUS_SV) as ReportState[];

/** The value of `text` if it is one of `values`, for typed query parameters read from the address. */
export const oneOf = <T extends string>(values: readonly T[], text: string | null): T | undefined => values.find((v) => v === text);
export const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The address of a list behind an Översikt number: the row's filter plus what the column adds. */
export const listHref = (page: 'aktiviteter' | 'eskaleringar', filter: Record<string, string>, extra: Record<string, string> = {}) => {
  const q = new URLSearchParams({ ...filter, ...extra }).toString();
  return href(`${page}${q ? `?${q}` : ''}`);
};

/** The party's name for a key, for saying what a list holds. */
export async function partyName(key: string | undefined): Promise<string | undefined> {
  if (!key) return undefined;
  const { data } = await api.GET('/api/parties', { params: { query: {} } });
  return data?.find((p) => p.key === key)?.name ?? key;
}
