import { realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Whether the `postgres` user can reach PostgreSQL's binaries and data directory. As root we run
 * initdb and postgres as that user (PostgreSQL refuses to run as root), and it needs search
 * permission (x) on every folder above them: a clone under a 0700 home such as /root fails with a bare
 * `initdb … EACCES` otherwise. The check is on the mode bits, as the kernel reads them: the owner's
 * bits when the user owns the folder, else the group's when the folder's group is the user's, else
 * the others'. Node (libuv) drops the supplementary groups when it starts a child under another uid,
 * so the user's group is the one gid it runs with, not every group /etc/group lists it in.
 */

export interface FolderAccess {
  path: string;
  /** st_mode (only the permission bits are read). */
  mode: number;
  uid: number;
  gid: number;
}

/** Who the child runs as: one uid and one gid (no supplementary groups). */
export interface RunsAs {
  uid: number;
  gid: number;
}

export interface BlockingFolder extends FolderAccess {
  /** The command that lets the user through, e.g. `chmod o+x /root`. */
  fix: string;
}

/** The permission class (owner, group, others) whose bits apply to `who` on `folder`. */
function permissionClass(folder: FolderAccess, who: RunsAs): 'u' | 'g' | 'o' {
  if (folder.uid === who.uid) return 'u';
  if (folder.gid === who.gid) return 'g';
  return 'o';
}

/** Whether `who` may enter (search) `folder`. */
export function canTraverse(folder: FolderAccess, who: RunsAs): boolean {
  if (who.uid === 0) return true;
  const bit = { u: 0o100, g: 0o010, o: 0o001 }[permissionClass(folder, who)];
  return (folder.mode & bit) !== 0;
}

/** The folders of the list that `who` cannot enter, each with the chmod that would let it in. */
export function blockingFolders(folders: readonly FolderAccess[], who: RunsAs): BlockingFolder[] {
  return folders
    .filter((folder) => !canTraverse(folder, who))
    .map((folder) => ({ ...folder, fix: `chmod ${permissionClass(folder, who)}+x ${shellWord(folder.path)}` }));
}

/** `path` and every folder above it, from `/` down: `/a/b` → `/`, `/a`, `/a/b`. */
export function foldersAbove(path: string): string[] {
  const folders: string[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    folders.unshift(dir);
    if (dirname(dir) === dir) return folders;
  }
}

/**
 * The folders one passes on the way into `path` (which must exist), `path` included: those of the
 * path as written and, where a symbolic link leads elsewhere, those of its real path.
 */
export function foldersOnTheWay(path: string): FolderAccess[] {
  const paths = [...new Set([...foldersAbove(path), ...foldersAbove(realpathSync(path))])];
  return paths.map((p) => {
    const stat = statSync(p);
    return { path: p, mode: stat.mode, uid: stat.uid, gid: stat.gid };
  });
}

export interface UnreachableFolders {
  /** The user PostgreSQL runs as. */
  user: string;
  dataDir: string;
  binDir: string;
  /** Blocking folders above the data directory. */
  data: readonly BlockingFolder[];
  /** Blocking folders above (and including) the binaries' folder. */
  binaries: readonly BlockingFolder[];
}

/** The message that says which folders the user cannot enter, why it matters, and how to fix it. */
export function unreachableFoldersMessage(found: UnreachableFolders): string {
  const all = new Map<string, { folder: BlockingFolder; above: string[] }>();
  for (const [list, what] of [
    [found.data, `the data directory ${found.dataDir}`],
    [found.binaries, `the PostgreSQL binaries ${found.binDir}`],
  ] as const) {
    for (const folder of list) {
      const entry = all.get(folder.path) ?? { folder, above: [] };
      entry.above.push(what);
      all.set(folder.path, entry);
    }
  }
  const entries = [...all.values()];
  const one = entries.length === 1;
  const lines = [
    `PostgreSQL cannot start: we run as root, so initdb and postgres run as the "${found.user}" user ` +
      `(PostgreSQL refuses to run as root), and that user cannot enter (has no search permission, x, on) ` +
      `${one ? 'this folder' : 'these folders'}:`,
    ...entries.map(
      ({ folder, above }) =>
        `  ${folder.path}  (mode ${(folder.mode & 0o7777).toString(8).padStart(4, '0')}, owner uid ${folder.uid}, gid ${folder.gid}), above ${above.join(' and ')}`,
    ),
    'Nothing was initialised. Fix it in one of these ways:',
    `  - let the ${found.user} user pass through ${one ? 'it' : 'them'} (it can then enter, not list ${one ? 'it' : 'them'}):`,
    ...entries.map(({ folder }) => `      ${folder.fix}`),
  ];
  if (found.data.length > 0 && found.binaries.length === 0) {
    lines.push(
      `  - or keep the data in a folder the ${found.user} user can reach: set SAMVERKAN_DATA_DIR to it, ` +
        'e.g. SAMVERKAN_DATA_DIR=/srv/samverkan-data (created if missing)',
    );
  } else if (found.binaries.length > 0) {
    lines.push(
      `  - or clone the repository where the ${found.user} user can reach it, such as /srv or /opt, and start it there ` +
        '(the PostgreSQL binaries are in its node_modules' +
        (found.data.length > 0 ? ', the data in its .data/ unless SAMVERKAN_DATA_DIR points elsewhere)' : ')'),
    );
  }
  return lines.join('\n');
}

function shellWord(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
