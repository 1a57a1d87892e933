/**
 * Every error the API can answer with, in Swedish, in one place: by the code in the answer's `error`
 * (ApiErrorCode, the lifecycle's codes, the filter's own) and, for answers without a known code, by
 * the HTTP status. The web app shows these; the API's own message (often English) is only the
 * technical detail. Pure, so the browser bundle imports it.
 */

/** Swedish text per error code of the API's answers (`error` in its JSON). */
export const API_ERROR_CODE_SV: Readonly<Record<string, string>> = {
  // ApiErrorCode (apps/api/src/common/api-error.ts); swedish-errors.spec.ts fails when one is missing.
  INVALID_INPUT: 'Uppgifterna kunde inte tas emot. Rätta det som är markerat och försök igen.',
  NOT_FOUND: 'Det du söker finns inte, eller har tagits bort.',
  AMBIGUOUS: 'Uppgiften passar in på flera saker. Ange den mer exakt och försök igen.',
  CONFLICT: 'Det går inte ihop med hur det står till just nu: det kan redan vara gjort, ha ändrats av någon annan eller strida mot planen.',
  REQUEST_TIMEOUT: 'Uppgifterna kom inte fram i tid. Kontrollera uppkopplingen och försök igen.',
  PAYLOAD_TOO_LARGE: 'Det du skickade är för stort. Korta texten eller välj en mindre fil.',
  UNSUPPORTED_MEDIA_TYPE: 'Filen eller uppgifterna har ett format som inte kan läsas. Använd ett format som formuläret nämner.',
  DATABASE_UNAVAILABLE: 'Databasen svarar inte just nu. Inget har sparats; försök igen om en stund.',
  IDEMPOTENCY_KEY_REUSED: 'Samma sändning kom en gång till med annat innehåll. Ladda om sidan och försök igen.',
  AGREEMENT_REQUIRED: 'Välj först vilken överenskommelse det gäller.',
  NO_MEMBERSHIP: 'Du är inte med i någon överenskommelse. Be en administratör lägga till dig.',
  // The lifecycle's codes (libs/temporal LifecycleErrorCode).
  REJECTED: 'Aktiviteten tar inte emot det just nu, eftersom det strider mot hur den står till (till exempel pausad, avslutad eller redan gjort).',
  NOT_RUNNING: 'Aktivitetens uppföljning är avslutad, så den tar inte emot fler ändringar.',
  UNAVAILABLE: 'Uppföljningstjänsten (Temporal) svarar inte just nu. Inget har ändrats; försök igen om en stund.',
  // The exception filter's own.
  INVALID_VALUE: 'Ett värde kunde inte sparas. Kontrollera det som är markerat och försök igen.',
  INTERNAL_SERVER_ERROR: 'Något gick fel hos oss. Det är loggat; försök igen om en stund.',
};

/** Swedish text per HTTP status the API answers with, for answers whose code is not in the list above. */
export const API_STATUS_SV: Readonly<Record<number, string>> = {
  400: 'Uppgifterna kunde inte tas emot. Rätta det som är fel och försök igen.',
  401: 'Du är inte inloggad, eller så har inloggningen gått ut. Logga in igen.',
  403: 'Du har inte behörighet att göra det här.',
  404: 'Det du söker finns inte, eller har tagits bort.',
  405: 'Det går inte att göra så här. Ladda om sidan och försök igen.',
  408: API_ERROR_CODE_SV.REQUEST_TIMEOUT,
  409: 'Det gick inte, eftersom det inte går ihop med hur det står till just nu: det kan redan vara gjort, ha ändrats av någon annan eller strida mot planen.',
  413: API_ERROR_CODE_SV.PAYLOAD_TOO_LARGE,
  415: API_ERROR_CODE_SV.UNSUPPORTED_MEDIA_TYPE,
  422: 'Uppgifterna går inte ihop med varandra. Ladda om sidan och försök igen.',
  429: 'För många försök på kort tid. Vänta en stund och försök igen.',
  500: 'Något gick fel hos oss. Försök igen om en stund.',
  502: 'En tjänst som Samverkan använder svarar inte som den ska. Försök igen om en stund.',
  503: 'Uppföljningstjänsten (Temporal) svarar inte just nu. Inget har ändrats; försök igen om en stund.',
};

/** When Samverkan does not answer at all (no status). */
export const NO_ANSWER_SV = 'Samverkan svarar inte. Kontrollera uppkopplingen och försök igen.';

/** An error answer (or what is known of it): its status, code and the API's own message. */
export interface ErrorLike {
  statusCode?: number;
  /** The code (`error` in the API's JSON), e.g. INVALID_INPUT. */
  error?: string;
  message?: string;
}

/**
 * The Swedish explanation of an error: by its code when the code is known (a string is taken as a
 * code), else by its status, else a general one.
 */
export function swedishError(problem: string | number | ErrorLike | undefined | null): string {
  if (typeof problem === 'string') return API_ERROR_CODE_SV[problem] ?? 'Något gick fel. Försök igen.';
  const status = typeof problem === 'number' ? problem : problem?.statusCode;
  const code = typeof problem === 'object' ? problem?.error : undefined;
  if (code && API_ERROR_CODE_SV[code]) return API_ERROR_CODE_SV[code];
  if (!status) return NO_ANSWER_SV;
  return API_STATUS_SV[status] ?? (status >= 500 ? API_STATUS_SV[500] : 'Något gick fel. Försök igen.');
}

/** True for a message someone wrote in Swedish (the API answers some refusals in Swedish). */
export function looksSwedish(message: string): boolean {
  return /[åäöÅÄÖ]/.test(message) || /\b(och|inte|måste|finns|ska|eller)\b/i.test(message);
}

/** What a validation detail about one field says, in Swedish (class-validator's English, read by pattern). */
const DETAIL_PATTERNS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/should not be empty|must not be empty|is required|must be provided/i, () => 'Fyll i fältet.'],
  [/whole number from (\d+) to (\d+)/i, (m) => `Ange ett heltal från ${m[1]} till ${m[2]}.`],
  [/must not be greater than (\d+)/i, (m) => `Får inte vara större än ${m[1]}.`],
  [/must not be less than (-?\d+)/i, (m) => `Får inte vara mindre än ${m[1]}.`],
  [/must be (an integer|a whole number)/i, () => 'Ange ett heltal.'],
  [/must be a number/i, () => 'Ange ett tal.'],
  [/shorter than or equal to (\d+)/i, (m) => `Får vara högst ${m[1]} tecken.`],
  [/longer than or equal to (\d+)/i, (m) => `Måste vara minst ${m[1]} tecken.`],
  [/must be an email|e-?mail address/i, () => 'Ange en giltig e-postadress, till exempel namn@kommun.se.'],
  [/duration.*\(got "([^"]*)"\)/i, (m) => `Perioden ${m[1]} går inte att använda. Skriv en period om minst en dag, till exempel P1D, P2W eller P1M.`],
  [/\b(P(?:T?\d+[DWMYHS])+)\b/, (m) => `Perioden ${m[1]} går inte att använda. Skriv en period om minst en dag, till exempel P1D, P2W eller P1M.`],
  [/ISO 8601 duration|cadence/i, () => 'Skriv en period om minst en dag, till exempel P1D, P2W eller P1M.'],
  [/ISO 8601 date|YYYY-MM-DD|valid date|not a date/i, () => 'Ange ett datum som ÅÅÅÅ-MM-DD, till exempel 2027-03-01.'],
  [/outside the agreement's period|outside the period|within the phase|before .*start|after .*end/i, () => 'Datumet ligger utanför den period som gäller. Välj ett datum inom perioden.'],
  [/must be one of the following values|must be one of/i, () => 'Välj ett av alternativen.'],
  [/must be a UUID|must be a uuid/i, () => 'Välj ur listan i stället för att skriva.'],
  [/must be a URL|valid URL/i, () => 'Ange en fullständig adress som börjar med https://.'],
  [/not a parameter this endpoint knows|should not exist/i, () => 'Formuläret skickade ett fält som inte tas emot. Ladda om sidan och försök igen.'],
  [/already exists|already taken|in use/i, () => 'Det finns redan. Välj något annat.'],
];

/** A field's problem in Swedish: the message itself when it is Swedish, else read by its pattern. */
export function swedishFieldProblem(message: string): string {
  if (looksSwedish(message)) return message;
  for (const [pattern, text] of DETAIL_PATTERNS) {
    const m = message.match(pattern);
    if (m) return text(m);
  }
  return 'Värdet går inte att använda. Kontrollera fältet.';
}
