import { Init1795440582334 } from './1795440582334-Init';

/**
 * Every migration, in order. `npm run migration:generate -- <Name>` writes a new file here; add its
 * class to this list. A migration that has been merged is never edited: write a new one.
 */
export const MIGRATIONS: Function[] = [Init1795440582334];
