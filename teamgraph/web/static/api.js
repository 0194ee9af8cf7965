// The app's one way to the server: the published operations (operations/*.graphql, the same
// files as schema/operations/), sent whole with the operation's name, to /graphql only (POST,
// and a websocket there for subscriptions, with graphql-ws).
import { createClient } from "graphql-ws";

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

let socket = null;
function subscriptions(given) {
  if (!socket || socket.token !== given) {
    socket?.client.dispose();
    const url = new URL("/graphql", window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    // The token travels in connection_init: a browser cannot send headers with a websocket.
    const client = createClient({ url: url.href, connectionParams: { Authorization: `Bearer ${given}` } });
    socket = { client, token: given };
  }
  return socket.client;
}

/** Subscribe to operation `name` of published file `file`: `onData(data)` for each event,
 *  `onDone(error)` once it ends (error: null when it completed). Returns a function that stops
 *  it. */
export function follow(file, name, variables, onData, onDone, given = token.get()) {
  let stop = null;
  let stopped = false;
  document(file).then((query) => {
    if (stopped) return;
    stop = subscriptions(given).subscribe(
      { query, operationName: name, variables },
      {
        next: (result) => {
          if (result.errors?.length) onDone(new ApiError(result.errors));
          else onData(result.data);
        },
        error: (error) => onDone(error instanceof Error ? error : new Error("the live connection closed")),
        complete: () => onDone(null),
      },
    );
  }, onDone);
  return () => {
    stopped = true;
    stop?.();
  };
}

/** A mutation's typed result: `{ok: true, ...success}` or `{ok: false, error}` where the
 *  error has `message`, `field` (the input it names, or null) and `code`. */
export function outcome(result) {
  if (result.__typename.endsWith("Success")) return { ok: true, ...result };
  return { ok: false, error: result };
}
