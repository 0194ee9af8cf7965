// Accounts' contact counts, remembered from the accounts page for this tab, so the coverage
// page of a large account asks for the compact graph (`graph { columns }`) from the start.
const KEY = "teamgraph.accountSizes";
export const LARGE = 300;

export function rememberSizes(rows) {
  const sizes = Object.fromEntries(rows.map((r) => [r.id, r.contacts]));
  sessionStorage.setItem(KEY, JSON.stringify(sizes));
}

export function knownLarge(id) {
  try {
    return (JSON.parse(sessionStorage.getItem(KEY) || "{}")[id] ?? 0) >= LARGE;
  } catch {
    return false;
  }
}
