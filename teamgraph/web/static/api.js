// The app's one way to the server: the published operations (operations/*.graphql, the same
// files as schema/operations/), sent whole with the operation's name, to /graphql only.

const TOKEN_KEY = "teamgraph.token";
const documents = new Map();

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** The token is missing, unknown or revoked: the app goes back to sign in. */
export class SignInNeeded extends Error {}

/** A request the API refused as a whole (top-level `errors`), with their codes. */
export class ApiError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join("; "));
    this.codes = errors.map((e) => e.extensions?.code).filter(Boolean);
  }
}

const listeners = new Set();
/** Called with no argument when the server refuses the token (401). */
export const onSignInNeeded = (listener) => listeners.add(listener);

async function document(file) {
  if (!documents.has(file)) {
    documents.set(
      file,
      fetch(`/app/static/operations/${file}.graphql`).then((r) => {
        if (!r.ok) throw new Error(`operation file ${file} is missing (${r.status})`);
        return r.text();
      }),
    );
  }
  return documents.get(file);
}

/** Run operation `name` of published file `file`; resolves to its `data`. */
export async function run(file, name, variables = {}, given = token.get()) {
  if (!given) {
    listeners.forEach((l) => l());
    throw new SignInNeeded("sign in with an API token");
  }
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${given}` },
    body: JSON.stringify({ query: await document(file), operationName: name, variables }),
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError([{ message: `the server answered ${response.status}` }]);
  }
  if (response.status === 401) {
    listeners.forEach((l) => l(body.errors?.[0]?.message));
    throw new SignInNeeded(body.errors?.[0]?.message || "sign in again");
  }
  if (body.errors?.length) throw new ApiError(body.errors);
  return body.data;
}

/** A mutation's typed result: `{ok: true, ...success}` or `{ok: false, error}` where the
 *  error has `message`, `field` (the input it names, or null) and `code`. */
export function outcome(result) {
  if (result.__typename.endsWith("Success")) return { ok: true, ...result };
  return { ok: false, error: result };
}
