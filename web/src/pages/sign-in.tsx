/**
 * Sign-in. In AWS: a button that starts OpenID Connect with the council's identity
 * provider. On one machine: "sign in as" one of the sample staff, each with their
 * roles, which stands in for the identity provider through the local headers.
 */

import type { Api } from '../api.js';
import { PageHeading } from '../app.js';
import { Loaded } from '../components/loading.js';
import { type Identity, rolesOf } from '../session.js';

interface LocalStaff {
  readonly staffId: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly posts?: readonly string[];
}

/** Posts whose words are not their name with spaces. */
const POST_WORDS: Readonly<Record<string, string>> = {
  iro: 'IRO',
  chair: 'conference chair',
  director: "director of children's services",
};

/**
 * Each post as people say it: `head-of-service` is "head of service", `iro` "IRO";
 * someone allocated no post (an administrator) has "No post", never a blank.
 */
const postWords = (posts: readonly string[] = []) =>
  posts.length === 0 ? ['No post'] : posts.map((p) => POST_WORDS[p] ?? p.replaceAll('-', ' '));

export function SignInAs({ api, signInAs }: { api: Api; signInAs: (who: Identity) => void }) {
  return (
    <>
      <PageHeading title="Sign in as" />
      <p class="govuk-body">
        This is the local system: choose who to be. In the council's deployment, staff sign in with
        the council's own account instead.
      </p>
      <Loaded load={() => api.get<{ staff: LocalStaff[] }>('/local/staff')} loadKey="staff">
        {({ staff }) => (
          <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">Sample staff</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">
                  Name
                </th>
                <th scope="col" class="govuk-table__header">
                  Roles
                </th>
                <th scope="col" class="govuk-table__header">
                  Post
                </th>
                <th scope="col" class="govuk-table__header">
                  <span class="govuk-visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {staff.map((member) => (
                <tr class="govuk-table__row" key={member.staffId}>
                  <th scope="row" class="govuk-table__header">
                    {member.name}
                  </th>
                  <td class="govuk-table__cell">{member.roles.join(', ')}</td>
                  <td class="govuk-table__cell">{postWords(member.posts).join(', ')}</td>
                  <td class="govuk-table__cell">
                    <button
                      type="button"
                      class="govuk-button govuk-!-margin-bottom-0"
                      onClick={() =>
                        signInAs({ staffId: member.staffId, roles: rolesOf(member.roles) })
                      }
                    >
                      Sign in<span class="govuk-visually-hidden"> as {member.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </>
  );
}

export function SignIn({ signIn }: { signIn: () => void }) {
  return (
    <>
      <PageHeading title="Sign in" />
      <p class="govuk-body">Sign in with your council account to see your work.</p>
      <button type="button" class="govuk-button govuk-button--start" onClick={signIn}>
        Sign in
      </button>
    </>
  );
}
