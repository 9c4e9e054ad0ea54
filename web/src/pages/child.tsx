/**
 * One child's page, reached from every list: who is allocated, their open obligations
 * with the rule behind each, the disputes open about them, how they took part in their
 * reviews and the IRO's contact over time, and every event recorded for them with who
 * recorded it (the audit trail, for IROs, managers and administrators). Links record an
 * event for this child with the child filled in.
 */

import { PARTICIPATION_WORDS } from '../../../workflows/participation.js';
import type { Answer } from '../api.js';
import { Loaded } from '../components/loading.js';
import { obligationColumns, obligationKey } from '../components/obligation-columns.js';
import { type Column, SortableTable } from '../components/sortable-table.js';
import { caseRecordLink } from '../config.js';
import { hasRole, type PageProps } from '../context.js';
import { londonDateTime } from '../forms/dates.js';
import { EVENT_KINDS, EVENT_NAMES, kindsFor } from '../forms/events.js';
import { href } from '../router.js';
import { closedDisputes, inDateOrder } from '../trail.js';
import { dateWords, type Obligation, respondentWords, workingDaysWords } from '../words.js';
import { ChildViews } from './child-views.js';

/** Who holds each role for the child, as `GET /children/{id}/allocation` answers. */
interface AllocationAnswer {
  readonly roles: Readonly<Record<string, { staffId: string; name?: string }>>;
}

/** One entry of the child's audit trail, as far as this page reads it. */
export interface TrailEntry {
  readonly eventId: string;
  readonly source: 'staff' | 'system';
  readonly recordedBy: string;
  readonly recordedByName?: string;
  readonly recordedAt: string;
  readonly event: { readonly type: string } & Readonly<Record<string, unknown>>;
  readonly retracted?: { by: string; byName?: string; at: string; reason: string };
}

interface ChildAnswer {
  readonly obligations: readonly Obligation[];
  readonly allocation: AllocationAnswer | undefined;
  /** Undefined when the caller's roles do not read the audit trail. */
  readonly events: readonly TrailEntry[] | undefined;
}

/** The roles the page lists, in the unit's words. */
const ROLE_WORDS: readonly [string, string][] = [
  ['iro', 'IRO'],
  ['social-worker', 'Social worker'],
  ['team-manager', 'Team manager'],
  ['chair', 'Conference chair'],
];

/** The events recorded for a child that the page offers, in this order, where the roles allow. */
const RECORD_FOR_CHILD = ['review-held', 'iro-contact', 'record-shared', 'dispute-raised'];

async function loadChild({ api, me }: PageProps, childId: string): Promise<Answer<ChildAnswer>> {
  const path = `/children/${encodeURIComponent(childId)}`;
  const audits = hasRole(me, 'iro', 'manager', 'admin');
  const [obligations, allocation, trail] = await Promise.all([
    api.get<{ obligations: Obligation[] }>(`${path}/obligations`),
    api.get<AllocationAnswer>(`${path}/allocation`),
    audits ? api.get<{ events: TrailEntry[] }>(`${path}/events`) : undefined,
  ]);
  if (!obligations.ok) return obligations;
  return {
    ok: true,
    status: 200,
    body: {
      obligations: obligations.body.obligations,
      allocation: allocation.ok ? allocation.body : undefined,
      // 404: nothing in the child's own logs (a dispute alone, say): no events to list.
      events: trail === undefined ? undefined : trail.ok ? inDateOrder(trail.body.events) : [],
    },
  };
}

/** Who recorded an event: the directory's name, else the id (the case management system's role). */
export const recorderWords = (e: Pick<TrailEntry, 'recordedBy' | 'recordedByName' | 'source'>) =>
  e.recordedByName ??
  (e.recordedBy === 'child-link'
    ? 'The young person, through their link'
    : e.source === 'system'
      ? 'The case management system'
      : e.recordedBy);

/** When an event happened, in words: its date, or its instant in London time. */
function happenedOn(event: TrailEntry['event']): string {
  if (typeof event.date === 'string') return dateWords(event.date);
  if (typeof event.at === 'string') return dateWords(event.at);
  return '';
}

/** The conference or dispute an event concerns, in words. */
function concerning(event: TrailEntry['event']): string {
  if (typeof event.conferenceId === 'string') return `conference ${event.conferenceId}`;
  if (typeof event.disputeId === 'string') return `dispute ${event.disputeId}`;
  return '';
}

/** An event taken back: by whom, and why. The child's and the dispute's histories show it. */
export function TakenBack({ entry }: { entry: Pick<TrailEntry, 'retracted'> }) {
  if (!entry.retracted) return null;
  return (
    <>
      <br />
      <strong class="govuk-tag govuk-tag--grey">Taken back</strong>{' '}
      <span class="govuk-body-s">
        by {entry.retracted.byName ?? entry.retracted.by}: {entry.retracted.reason}
      </span>
    </>
  );
}

/** Who recorded an event, and when: the last column of every history. */
export const recordedByColumn: Column<TrailEntry> = {
  id: 'by',
  label: 'Recorded by',
  cell: (e) => (
    <>
      {recorderWords(e)}
      <br />
      <span class="govuk-body-s">{londonDateTime(e.recordedAt)}</span>
    </>
  ),
};

const historyColumns: Column<TrailEntry>[] = [
  { id: 'when', label: 'Date', cell: (e) => happenedOn(e.event) },
  {
    id: 'what',
    label: 'What happened',
    cell: (e) => (
      <>
        {EVENT_NAMES[e.event.type] ??
          (e.event.type === 'ChildViewsShared'
            ? 'The young person shared their views'
            : e.event.type)}
        {concerning(e.event) && <span class="govuk-body-s">, {concerning(e.event)}</span>}
        <TakenBack entry={e} />
      </>
    ),
  },
  recordedByColumn,
];

/** Reviews with how the child took part, and the IRO's contact, oldest first. */
function participation(events: readonly TrailEntry[]) {
  return events.filter(
    (e) =>
      !e.retracted && (e.event.type === 'LacReviewHeld' || e.event.type === 'IroContactWithChild'),
  );
}

const participationColumns: Column<TrailEntry>[] = [
  { id: 'when', label: 'Date', cell: (e) => happenedOn(e.event) },
  {
    id: 'what',
    label: 'What',
    cell: (e) => (e.event.type === 'LacReviewHeld' ? 'Review' : 'IRO contact'),
  },
  {
    id: 'how',
    label: 'How the child took part',
    cell: (e) => {
      const code = e.event.participation;
      if (e.event.type === 'LacReviewHeld') {
        return typeof code === 'string'
          ? `${PARTICIPATION_WORDS[code as keyof typeof PARTICIPATION_WORDS] ?? code} (${code})`
          : 'Not recorded';
      }
      return typeof e.event.method === 'string' ? methodWords(e.event.method) : '';
    },
  },
];

/** How the IRO was in contact, in the form's own words. */
function methodWords(method: string): string {
  const field = EVENT_KINDS.find((k) => k.id === 'iro-contact')?.fields.find(
    (f) => f.name === 'method',
  );
  const choice =
    field?.kind === 'radios' ? field.choices.find((c) => c.value === method) : undefined;
  return choice?.label ?? method;
}

export function Child(props: PageProps) {
  const { route, config, me } = props;
  const childId = route.query.get('id') ?? '';
  const recordable = kindsFor(me.roles).filter((k) => RECORD_FOR_CHILD.includes(k.id));
  const caseRecord = caseRecordLink(config.caseRecordUrlTemplate, childId);
  if (childId === '') {
    return <p class="govuk-body">Choose a child from My work, the unit board or Disputes.</p>;
  }
  const columns = obligationColumns<Obligation>(config.caseRecordUrlTemplate).filter(
    (c) => c.id !== 'child',
  );
  return (
    <Loaded load={() => loadChild(props, childId)} loadKey={childId}>
      {({ obligations, allocation, events }) => {
        const disputes = obligations.filter((o) => o.kind === 'dispute-stage');
        const open = obligations.filter((o) => o.kind !== 'dispute-stage');
        const took = events ? participation(events) : [];
        return (
          <>
            <h2 class="govuk-heading-m">Allocated</h2>
            {allocation ? (
              <dl class="govuk-summary-list">
                {ROLE_WORDS.map(([role, words]) => {
                  const holder = allocation.roles[role];
                  return (
                    <div class="govuk-summary-list__row" key={role}>
                      <dt class="govuk-summary-list__key">{words}</dt>
                      <dd class="govuk-summary-list__value">
                        {holder ? (holder.name ?? holder.staffId) : 'Nobody allocated'}
                      </dd>
                    </div>
                  );
                })}
              </dl>
            ) : (
              <p class="govuk-body">Who is allocated could not be read.</p>
            )}
            {caseRecord && (
              <p class="govuk-body">
                <a class="govuk-link" href={caseRecord}>
                  Open child {childId}'s case record
                </a>
              </p>
            )}
            {recordable.length > 0 && (
              <>
                <h2 class="govuk-heading-m">Record for this child</h2>
                <ul class="govuk-list">
                  {recordable.map((k) => (
                    <li key={k.id}>
                      <a class="govuk-link" href={href('/record', { event: k.id, childId })}>
                        Record: {k.title}
                      </a>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {open.length > 0 ? (
              <SortableTable
                caption={`Open obligations (${open.length})`}
                columns={columns}
                rows={open}
                rowKey={obligationKey}
                rowClass={(o) => (o.overdue ? 'app-row--overdue' : undefined)}
                route={route}
              />
            ) : (
              <>
                <h2 class="govuk-heading-m">Open obligations</h2>
                <p class="govuk-body">Nothing is due for child {childId}.</p>
              </>
            )}
            <h2 class="govuk-heading-m">Disputes open</h2>
            {disputes.length > 0 ? (
              <ul class="govuk-list">
                {disputes.map((d) => (
                  <li key={obligationKey(d)}>
                    <a class="govuk-link" href={href('/dispute', { id: d.refId })}>
                      Dispute {d.refId}
                    </a>
                    : stage {d.stage}
                    {d.stage !== undefined &&
                      `, ${respondentWords(d.stage).toLowerCase()} to respond`}{' '}
                    by {dateWords(d.due)} ({workingDaysWords(d.workingDaysLeft, d.overdue)})
                  </li>
                ))}
              </ul>
            ) : (
              <p class="govuk-body">No dispute is open about child {childId}.</p>
            )}
            {events !== undefined && closedDisputes(events).length > 0 && (
              <>
                <h2 class="govuk-heading-m">Disputes resolved</h2>
                <ul class="govuk-list">
                  {closedDisputes(events).map((d) => (
                    <li key={d.disputeId}>
                      <a class="govuk-link" href={href('/dispute', { id: d.disputeId })}>
                        Dispute {d.disputeId}
                      </a>
                      {d.raisedOn === undefined ? '' : `: raised ${dateWords(d.raisedOn)},`}{' '}
                      resolved {dateWords(d.resolvedOn)}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <ChildViews
              {...props}
              childId={childId}
              allocatedToMe={
                (hasRole(me, 'iro') && allocation?.roles.iro?.staffId === me.staffId) ||
                (hasRole(me, 'social-worker') &&
                  allocation?.roles['social-worker']?.staffId === me.staffId)
              }
            />
            {events !== undefined && (
              <>
                {took.length > 0 ? (
                  <SortableTable
                    caption={`Reviews and IRO contact (${took.length})`}
                    columns={participationColumns}
                    rows={took}
                    rowKey={(e) => e.eventId}
                    route={route}
                  />
                ) : (
                  <>
                    <h2 class="govuk-heading-m">Reviews and IRO contact</h2>
                    <p class="govuk-body">No review or IRO contact is recorded.</p>
                  </>
                )}
                {events.length > 0 ? (
                  <SortableTable
                    caption={`Events recorded (${events.length})`}
                    columns={historyColumns}
                    rows={events}
                    rowKey={(e) => `${e.source}:${e.eventId}`}
                    route={route}
                  />
                ) : (
                  <>
                    <h2 class="govuk-heading-m">Events recorded</h2>
                    <p class="govuk-body">No event is recorded for child {childId}.</p>
                  </>
                )}
              </>
            )}
          </>
        );
      }}
    </Loaded>
  );
}
