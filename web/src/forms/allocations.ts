/**
 * Allocating children to staff from the work tray: a CSV of child, IRO, social worker
 * (and, optionally, team manager) read into one allocation per child, and an
 * allocation's roles merged into what the child already has, so allocating an IRO
 * keeps the chair and the reviewing officer. Pure: the page sends each through
 * `PUT /allocations/{id}`, which checks every staff id against the directory.
 */

/** The roles the tray allocates, as `PUT /allocations/{id}` names them. */
export type AllocatedRole = 'iro' | 'social-worker' | 'team-manager';

/** One child's allocation to make: the roles given (the tray's three, or any a leaver held), each a staff id. */
export interface Allocating {
  readonly childId: string;
  readonly roles: Readonly<Partial<Record<AllocatedRole, string>> & Record<string, string>>;
}

/** A CSV line that could not be read, by its line number (1-based), with the reason. */
export interface LineProblem {
  readonly line: number;
  readonly reason: string;
}

const COLUMNS: readonly AllocatedRole[] = ['iro', 'social-worker', 'team-manager'];

/** A CSV line's cells: commas separate them; a cell in double quotes may hold commas. */
function cells(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  out.push(cell.trim());
  return out;
}

/**
 * The allocations a CSV asks for: each line `child, IRO, social worker[, team manager]`,
 * staff ids as the directory holds them; an empty cell leaves that role as it is. A
 * first line naming the columns ("child", …) is a heading; blank lines are skipped; a
 * byte-order mark is dropped. A line with no child, no one to allocate, or more than
 * four cells is refused by its line number, and never repeats what it held.
 */
export function readAllocationsCsv(text: string): {
  allocations: Allocating[];
  problems: LineProblem[];
} {
  const allocations: Allocating[] = [];
  const problems: LineProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const row = cells(raw);
    if (index === 0 && /^child/i.test(row[0] ?? '')) return;
    if (row.length > 4) {
      problems.push({ line, reason: 'has more than 4 columns' });
      return;
    }
    const [childId = '', ...staff] = row;
    if (childId === '') {
      problems.push({ line, reason: "has no child's reference" });
      return;
    }
    const roles = Object.fromEntries(
      COLUMNS.flatMap((role, i) => (staff[i] ? [[role, staff[i]]] : [])),
    ) as Allocating['roles'];
    if (Object.keys(roles).length === 0) {
      problems.push({ line, reason: 'names nobody to allocate' });
      return;
    }
    allocations.push({ childId, roles });
  });
  return { allocations, problems };
}

/** The child's roles with the new ones given: the others (chair, reviewing officer) kept. */
export const mergedRoles = (
  existing: Readonly<Record<string, string>> | undefined,
  given: Allocating['roles'],
): Record<string, string> => ({ ...(existing ?? {}), ...given });
