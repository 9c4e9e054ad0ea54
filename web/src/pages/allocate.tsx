/**
 * Allocation, for administrators: the staff directory (add someone, or change their
 * name or email: `PUT /staff/{id}`), and children allocated to an IRO, a social worker
 * and a team manager (`PUT /allocations/{id}`, the child's other roles kept): one child,
 * those the board lists with no IRO chosen at once, or a CSV of child, IRO, social
 * worker. Each child's answer is listed: the API checks every staff id against the
 * directory and names the role it refuses.
 */
import { useState } from 'preact/hooks';
import type { Api, Problem } from '../api.js';
import { ErrorSummary, fieldId } from '../components/error-summary.js';
import { SuccessBanner, TextInput } from '../components/form-fields.js';
import { Loaded } from '../components/loading.js';
import type { PageProps } from '../context.js';
import {
  type AllocatedRole,
  type Allocating,
  mergedRoles,
  readAllocationsCsv,
} from '../forms/allocations.js';
import type { PostHolder } from '../lists.js';
import type { Obligation } from '../words.js';

const ROLE_LABELS: readonly [AllocatedRole, string][] = [
  ['iro', "IRO's staff id"],
  ['social-worker', "Social worker's staff id"],
  ['team-manager', "Team manager's staff id"],
];

/** One child's answer: allocated, or the API's reasons. */
interface Outcome {
  readonly childId: string;
  readonly problems?: readonly Problem[];
}

/** Allocates each child in turn, keeping the roles it already has; each child's answer. */
async function allocateAll(api: Api, allocations: readonly Allocating[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const { childId, roles } of allocations) {
    const path = `/allocations/${encodeURIComponent(childId)}`;
    const existing = await api.get<{ roles: Record<string, string> }>(path);
    if (!existing.ok && existing.status !== 404) {
      outcomes.push({ childId, problems: existing.problems });
      continue;
    }
    const answer = await api.send('PUT', path, {
      roles: mergedRoles(existing.ok ? existing.body.roles : undefined, roles),
    });
    outcomes.push(answer.ok ? { childId } : { childId, problems: answer.problems });
  }
  return outcomes;
}

/** A reason the API gave about a role, in the page's words: "IRO: no staff member iro-9". */
function outcomeWords(problem: Problem): string {
  const role = ROLE_LABELS.find(([r]) => problem.field === `roles.${r}`);
  return role ? `${role[1].replace("'s staff id", '')}: ${problem.reason}` : problem.reason;
}

function Outcomes({ outcomes }: { outcomes: readonly Outcome[] }) {
  const done = outcomes.filter((o) => !o.problems);
  const refused = outcomes.filter((o) => o.problems);
  return (
    <>
      {done.length > 0 && (
        <SuccessBanner
          heading={`${done.length} ${done.length === 1 ? 'child' : 'children'} allocated: ${done.map((o) => o.childId).join(', ')}`}
        />
      )}
      {refused.length > 0 && (
        <table class="govuk-table app-table">
          <caption class="govuk-table__caption govuk-table__caption--m">
            Not allocated ({refused.length})
          </caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">
                Child
              </th>
              <th scope="col" class="govuk-table__header">
                Why
              </th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {refused.map((o) => (
              <tr class="govuk-table__row" key={o.childId}>
                <td class="govuk-table__cell" data-label="Child">
                  {o.childId}
                </td>
                <td class="govuk-table__cell app-wrap" data-label="Why">
                  {(o.problems ?? []).map(outcomeWords).join('. ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** The three staff id questions, under a prefix of their own so two forms on the page differ. */
function StaffIds({
  prefix,
  values,
  set,
}: {
  prefix: string;
  values: Readonly<Record<string, string>>;
  set: (role: AllocatedRole, value: string) => void;
}) {
  return (
    <>
      {ROLE_LABELS.map(([role, label]) => (
        <TextInput
          key={role}
          id={fieldId(`${prefix}-${role}`)}
          label={label}
          hint={role === 'iro' ? 'As the staff directory holds it, for example iro-7' : undefined}
          value={values[role] ?? ''}
          width="govuk-input--width-10"
          onInput={(v) => set(role, v)}
        />
      ))}
    </>
  );
}

const given = (values: Readonly<Record<string, string>>): Allocating['roles'] =>
  Object.fromEntries(
    ROLE_LABELS.flatMap(([role]) => {
      const v = values[role]?.trim();
      return v ? [[role, v]] : [];
    }),
  );

export function Allocate({ api }: PageProps) {
  const [problems, setProblems] = useState<Problem[]>([]);
  const [outcomes, setOutcomes] = useState<Outcome[] | undefined>(undefined);
  const [sending, setSending] = useState(false);
  const [many, setMany] = useState<Record<string, string>>({});
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [one, setOne] = useState<Record<string, string>>({});
  const [round, setRound] = useState(0);

  const run = async (allocations: Allocating[], found: Problem[]) => {
    setProblems(found);
    if (found.length > 0) return;
    setSending(true);
    const result = await allocateAll(api, allocations);
    setSending(false);
    setOutcomes(result);
    setChosen(new Set());
    // The list of children with no IRO is read again.
    setRound((r) => r + 1);
  };

  return (
    <>
      <ErrorSummary problems={problems} describe={(p) => p.reason} />
      {outcomes && <Outcomes outcomes={outcomes} />}
      <h2 class="govuk-heading-m">Children with no IRO</h2>
      <Loaded
        loadKey={`unallocated-${round}`}
        load={() => api.get<{ obligations: Obligation[] }>('/obligations', { withoutIro: 'true' })}
      >
        {({ obligations }) => {
          const children = [
            ...new Set(
              obligations.filter((o) => o.kind !== 'foster-carer-review').map((o) => o.subjectId),
            ),
          ].sort();
          if (children.length === 0) {
            return <p class="govuk-body">Every child with something due has an IRO.</p>;
          }
          return (
            <form
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                const roles = given(many);
                const found: Problem[] = [];
                if (chosen.size === 0) {
                  found.push({ field: 'many-children', reason: 'Choose at least one child' });
                }
                if (Object.keys(roles).length === 0) {
                  found.push({ field: 'many-iro', reason: 'Give at least one staff id' });
                }
                void run(
                  children.filter((c) => chosen.has(c)).map((childId) => ({ childId, roles })),
                  found,
                );
              }}
            >
              <div class="govuk-form-group">
                <fieldset class="govuk-fieldset" aria-describedby="many-children-hint">
                  <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
                    The children to allocate ({children.length} with no IRO)
                  </legend>
                  <div id="many-children-hint" class="govuk-hint">
                    Each has something due and no IRO. Choose all of them, or some.
                  </div>
                  <div
                    class="govuk-checkboxes govuk-checkboxes--small"
                    id={fieldId('many-children')}
                  >
                    {children.map((childId, i) => (
                      <div class="govuk-checkboxes__item" key={childId}>
                        <input
                          class="govuk-checkboxes__input"
                          id={`many-child-${i}`}
                          type="checkbox"
                          checked={chosen.has(childId)}
                          onChange={(e) => {
                            const next = new Set(chosen);
                            if ((e.currentTarget as HTMLInputElement).checked) next.add(childId);
                            else next.delete(childId);
                            setChosen(next);
                          }}
                        />
                        <label class="govuk-label govuk-checkboxes__label" for={`many-child-${i}`}>
                          {childId}
                        </label>
                      </div>
                    ))}
                  </div>
                </fieldset>
              </div>
              <button
                type="button"
                class="govuk-button govuk-button--secondary"
                onClick={() => setChosen(new Set(children))}
              >
                Choose all {children.length}
              </button>
              <StaffIds
                prefix="many"
                values={many}
                set={(role, v) => setMany((m) => ({ ...m, [role]: v }))}
              />
              <button type="submit" class="govuk-button" disabled={sending}>
                Allocate the children chosen
              </button>
            </form>
          );
        }}
      </Loaded>
      <h2 class="govuk-heading-m">Allocate one child</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const childId = (one.childId ?? '').trim();
          const roles = given(one);
          const found: Problem[] = [];
          if (childId === '')
            found.push({ field: 'one-childId', reason: "Enter the child's reference" });
          if (Object.keys(roles).length === 0) {
            found.push({ field: 'one-iro', reason: 'Give at least one staff id' });
          }
          void run([{ childId, roles }], found);
        }}
      >
        <TextInput
          id={fieldId('one-childId')}
          label="Child's reference"
          value={one.childId ?? ''}
          width="govuk-input--width-10"
          onInput={(v) => setOne((o) => ({ ...o, childId: v }))}
        />
        <StaffIds
          prefix="one"
          values={one}
          set={(role, v) => setOne((o) => ({ ...o, [role]: v }))}
        />
        <button type="submit" class="govuk-button" disabled={sending}>
          Allocate the child
        </button>
      </form>
      <h2 class="govuk-heading-m">Allocate from a CSV file</h2>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const input = (e.currentTarget as HTMLFormElement).elements.namedItem(
            'csv',
          ) as HTMLInputElement;
          const file = input.files?.[0];
          if (!file) return run([], [{ field: 'csv', reason: 'Choose the CSV file' }]);
          const read = readAllocationsCsv(await file.text());
          const found = read.problems.map((p) => ({
            field: 'csv',
            reason: `Line ${p.line} ${p.reason}`,
          }));
          if (found.length === 0 && read.allocations.length === 0) {
            found.push({ field: 'csv', reason: 'The file names no child' });
          }
          await run(read.allocations, found);
        }}
      >
        <div class="govuk-form-group">
          <label class="govuk-label govuk-label--s" for={fieldId('csv')}>
            Allocations file (CSV)
          </label>
          <div id="csv-hint" class="govuk-hint">
            One child a line: child, IRO, social worker, and optionally team manager, as staff ids.
            An empty cell leaves that role as it is.
          </div>
          <input
            class="govuk-file-upload"
            id={fieldId('csv')}
            name="csv"
            type="file"
            accept=".csv,text/csv"
            aria-describedby="csv-hint"
          />
        </div>
        <button type="submit" class="govuk-button" disabled={sending}>
          Upload and allocate
        </button>
      </form>
      <StaffForm api={api} />
      <Leaving api={api} />
    </>
  );
}

/**
 * Someone leaves: every role they hold (`GET /staff/{id}/allocations`), each child's and
 * the unit's, handed to who takes over, each subject's other roles kept.
 */
function Leaving({ api }: { api: Api }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Problem[]>([]);
  const [outcomes, setOutcomes] = useState<Outcome[] | undefined>(undefined);
  const labels: Record<string, string> = {
    leaving: 'Staff id of who leaves',
    successor: 'Staff id of who takes over',
  };
  const errorOf = (name: string) =>
    problems
      .filter((p) => p.field === name)
      .map((p) => `${labels[name]} ${p.reason}`)
      .join('. ') || undefined;
  return (
    <>
      <h2 class="govuk-heading-m">Someone leaves</h2>
      <ErrorSummary
        problems={problems}
        describe={(p) => `${labels[p.field] ?? p.field} ${p.reason}`}
        linked={(field) => field in labels}
      />
      {outcomes && <Outcomes outcomes={outcomes} />}
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const leaving = (values.leaving ?? '').trim();
          const successor = (values.successor ?? '').trim();
          const found = [
            ...(leaving === '' ? [{ field: 'leaving', reason: 'is required' }] : []),
            ...(successor === '' ? [{ field: 'successor', reason: 'is required' }] : []),
            ...(leaving !== '' && leaving === successor
              ? [{ field: 'successor', reason: 'must be someone else' }]
              : []),
          ];
          setProblems(found);
          setOutcomes(undefined);
          if (found.length > 0) return;
          const held = await api.get<{ allocations: { subjectId: string; roles: string[] }[] }>(
            `/staff/${encodeURIComponent(leaving)}/allocations`,
          );
          if (!held.ok) return setProblems([...held.problems]);
          if (held.body.allocations.length === 0) {
            return setProblems([{ field: 'leaving', reason: 'holds nothing to hand on' }]);
          }
          const handed = held.body.allocations.map(({ subjectId, roles }) => ({
            childId: subjectId,
            roles: Object.fromEntries(roles.map((role) => [role, successor])),
          }));
          setOutcomes(await allocateAll(api, handed));
        }}
      >
        <TextInput
          id={fieldId('leaving')}
          label={labels.leaving ?? ''}
          hint="Every child, and every post in the unit, they hold is handed on"
          value={values.leaving ?? ''}
          error={errorOf('leaving')}
          width="govuk-input--width-10"
          onInput={(v) => setValues((s) => ({ ...s, leaving: v }))}
        />
        <TextInput
          id={fieldId('successor')}
          label={labels.successor ?? ''}
          value={values.successor ?? ''}
          error={errorOf('successor')}
          width="govuk-input--width-10"
          onInput={(v) => setValues((s) => ({ ...s, successor: v }))}
        />
        <button type="submit" class="govuk-button govuk-button--warning">
          Hand everything on
        </button>
      </form>
    </>
  );
}

/** Who holds each post now, by name, as the staff id questions need them. */
function Holders({ api }: { api: Api }) {
  return (
    <Loaded
      loadKey="holders"
      load={async () => {
        const posts = ['iro', 'social-worker', 'team-manager'] as const;
        const answers = await Promise.all(
          posts.map((post) => api.get<{ staff: PostHolder[] }>('/staff', { post })),
        );
        const refused = answers.find((a) => !a.ok);
        if (refused && !refused.ok) return refused;
        return {
          ok: true as const,
          status: 200,
          body: posts.map((post, i) => {
            const a = answers[i];
            return { post, staff: a?.ok ? a.body.staff : [] };
          }),
        };
      }}
    >
      {(lists) => (
        <dl class="govuk-summary-list">
          {lists.map(({ post, staff }) => (
            <div class="govuk-summary-list__row" key={post}>
              <dt class="govuk-summary-list__key">
                {ROLE_LABELS.find(([r]) => r === post)?.[1].replace("'s staff id", 's') ?? post}
              </dt>
              <dd class="govuk-summary-list__value">
                {staff.length === 0
                  ? 'Nobody yet'
                  : staff.map((s) => (s.name ? `${s.name} (${s.staffId})` : s.staffId)).join(', ')}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </Loaded>
  );
}

/** Add a member of staff, or change their name or email. */
function StaffForm({ api }: { api: Api }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Problem[]>([]);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  const set = (name: string) => (v: string) => setValues((s) => ({ ...s, [name]: v }));
  const labels: Record<string, string> = {
    staffId: 'Staff id',
    name: 'Name',
    email: 'Email address',
  };
  const errorOf = (name: string) =>
    problems
      .filter((p) => p.field === name)
      .map((p) => `${labels[name]} ${p.reason}`)
      .join('. ') || undefined;
  return (
    <>
      <h2 class="govuk-heading-m">Staff</h2>
      <p class="govuk-body">Who holds a post now:</p>
      <Holders api={api} />
      <h3 class="govuk-heading-s">Add someone, or change their name or email</h3>
      {saved && <SuccessBanner heading={saved} />}
      <ErrorSummary
        problems={problems}
        describe={(p) => `${labels[p.field] ?? p.field} ${p.reason}`}
        linked={(field) => field in labels}
      />
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const staffId = (values.staffId ?? '').trim();
          const missing = ['staffId', 'name', 'email']
            .filter((n) => (values[n] ?? '').trim() === '')
            .map((field) => ({ field, reason: 'is required' }));
          setSaved(undefined);
          setProblems(missing);
          if (missing.length > 0) return;
          const answer = await api.send('PUT', `/staff/${encodeURIComponent(staffId)}`, {
            name: (values.name ?? '').trim(),
            email: (values.email ?? '').trim(),
          });
          if (answer.ok) setSaved(`${values.name?.trim()} (${staffId}) is in the staff directory`);
          else setProblems([...answer.problems]);
        }}
      >
        <TextInput
          id={fieldId('staffId')}
          label={labels.staffId ?? ''}
          hint="The identity provider's id for them: the same id signs them in"
          value={values.staffId ?? ''}
          error={errorOf('staffId')}
          width="govuk-input--width-10"
          onInput={set('staffId')}
        />
        <TextInput
          id={fieldId('name')}
          label={labels.name ?? ''}
          value={values.name ?? ''}
          error={errorOf('name')}
          onInput={set('name')}
        />
        <TextInput
          id={fieldId('email')}
          label={labels.email ?? ''}
          hint="Reminders go here"
          value={values.email ?? ''}
          error={errorOf('email')}
          onInput={set('email')}
        />
        <button type="submit" class="govuk-button">
          Save
        </button>
      </form>
    </>
  );
}
