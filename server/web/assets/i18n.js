// Swedish first, English second (like the tablet). Keys are short English ids; a missing key shows
// itself, so a gap is visible in the screenshots rather than silently blank.
const strings = {
  sv: {
    app: 'Fältlogg', skip: 'Till innehållet', loading: 'Laddar…', nav: 'Huvudmeny', signOut: 'Logga ut',
    otherLang: 'English', otherLangCode: 'en',
    signInTitle: 'Logga in', signInLead: 'Webbkonsolen för teamledare, utvärderare och systemförvaltare.',
    username: 'Användarnamn', password: 'Lösenord', signIn: 'Logga in', signingIn: 'Loggar in…',
    wrongPassword: 'Fel användarnamn eller lösenord. Försök igen.',
    rateLimited: 'För många försök. Vänta en stund och försök igen.',
    sessionExpired: 'Sessionen har gått ut. Logga in igen.',
    signedOut: 'Du är utloggad.',
    tabletOnly: 'Ditt konto använder surfplattan. Konsolen är för teamledare, utvärderare och systemförvaltare.',
    networkError: 'Servern svarar inte. Kontrollera nätverket och försök igen.',
    errorGeneric: 'Något gick fel', forbidden: 'Du har inte behörighet till det här. Kontakta systemförvaltaren om du behöver det.',
    notFound: 'Sidan finns inte.', tryAgain: 'Försök igen',
    // navigation
    navStandard: 'Teamet mot standarden', navReview: 'Granska', navWorkers: 'Per medarbetare',
    navCriteria: 'Kriterier', navTables: 'Tabeller', navReport: 'Rapport', navDocs: 'Dokumentation',
    navUsers: 'Användare', navTeams: 'Distrikt och team', navDevices: 'Enheter', navEnrol: 'Registrera platta',
    navTargets: 'Målvärden', navAudit: 'Granskningslogg',
    roles: { field_worker: 'Fältassistent', family_therapist: 'Familjebehandlare', team_lead: 'Teamledare',
      evaluator: 'Utvärderare', admin: 'Systemförvaltare' },
    // periods
    period: 'Period', periodKind: 'Periodtyp', month: 'Månad', tertial: 'Tertial', year: 'År', show: 'Visa',
    tertials: ['jan–apr', 'maj–aug', 'sep–dec'],
    months: ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'],
    monthsShort: ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'],
    // criteria
    criterion: 'Kriterium', unit: 'Enhet', value: 'Värde', target: 'Mål', status: 'Status', basis: 'Underlag',
    met: 'Inom lokalt mål', not_met: 'Utanför lokalt mål', insufficient_data: 'För lite underlag', informational: 'Följs upp (inget mål)',
    protected: 'Skyddat', protectedExplain: 'Skyddat värde: underlaget är så litet att en person skulle kunna pekas ut. Värdet visas inte och är inte noll.',
    atLeast: 'minst', atMost: 'högst', overridden: 'distriktets mål',
    unit_share: 'procent', unit_per_team_month: 'per teammånad', unit_distinct_per_month: 'antal per månad',
    unit_per_case_month: 'per ärendemånad', unit_case_trend_share: 'procent av ärendena', unit_distribution: 'fördelning (antal)', unit_case_distribution: 'ärenden (fördelning)',
    records: 'kontakter/samtal', trendTitle: 'Utveckling per månad', targetLine: 'Mål', trendFor: 'Visa utveckling för',
    noData: 'Inga uppgifter för perioden.', teamHeading: 'Teamet', city: 'Hela staden', district: 'Distrikt', allDistricts: 'Alla distrikt',
    disclosure: 'Skydd mot röjande', disclosureRule: 'Värden som bygger på färre än {k} kontakter visas inte (markeras "skyddat"); fler värden kan skyddas så att inget skyddat värde går att räkna fram.', disclosureCellKey: 'Cell key-metoden: varje tal har ett litet, fast slumpbrus (oftast 0–2, högst {noise}); 1–{small} visas aldrig; summor stämmer därför inte exakt. Samma fråga ger alltid samma svar.', disclosureExact: 'Exakta tal (teamets egna uppgifter).',
    countingRule: 'Räkneregel', packVersion: 'Kriteriepaket', indicatorsAre: 'Indikatorerna', districtSettings: 'Distriktets inställningar',
    // review
    reviewTitle: 'Granska dokumentation', stateFilter: 'Status', worker: 'Medarbetare', week: 'Vecka', all: 'Alla',
    unreviewed: 'Ej granskad', approved: 'Godkänd', needs_changes: 'Behöver ändras',
    occurred: 'Tidpunkt', form: 'Formulär', summary: 'Sammanfattning', open: 'Öppna', close: 'Stäng',
    approve: 'Godkänn', needsChanges: 'Behöver ändras', comment: 'Kommentar', commentHint: 'Skriv vad som behöver ändras. Inga namn eller personnummer.',
    approveWeek: 'Godkänn veckan', approveAllFrom: 'Godkänn allt från {name}', bulkDone: '{n} poster godkända.',
    bulkNone: 'Inget att godkänna i urvalet.', reviewSaved: 'Granskningen är sparad.', leadNeverEdits: 'Som teamledare kommenterar du; posten ändras bara av den som skrev den.',
    recordDetail: 'Hela posten', notesLeadOnly: 'Anteckningar syns bara för teamledaren.', more: 'Listan är avkortad; välj en kortare period.',
    confirmBulk: 'Godkänna {n} poster?',
    // workers
    workersTitle: 'Kontakter per medarbetare och vecka', synced72: 'Synkat inom 72 h', minutes: 'Minuter', contacts: 'Poster',
    activityMissing: 'Servern har ännu ingen aktivitetsrapport: antal och minuter räknas här ur granskningskön; andel synkat inom 72 h visas när servern har rapporten.',
    // tables
    tablesTitle: 'Tabellbyggare', measure: 'Mått', rows: 'Rader', columns: 'Kolumner (valfritt)', none: '(ingen)',
    build: 'Visa tabell', downloadCsv: 'Ladda ner CSV (Excel)', total: 'Totalt', legend: 'Teckenförklaring',
    legendProtected: '× = skyddat värde (för litet underlag, visas inte)', chartOfTable: 'Diagram över tabellen',
    // report
    reportTitle: 'Rapport till nämnden', print: 'Skriv ut / spara som PDF', generated: 'Skapad',
    // docs
    docsTitle: 'Koder och mått', docsLead: 'Genererat från formulär- och kriteriepaketen som servern använder.',
    field: 'Fält', code: 'Kod', type: 'Typ', options: 'Värden', required: 'obligatoriskt',
    // admin
    usersTitle: 'Användare', createUser: 'Skapa användare', displayName: 'Visningsnamn', role: 'Roll', team: 'Team',
    disabled: 'Avstängd', active: 'Aktiv', disable: 'Stäng av', resetPassword: 'Nytt lösenord', save: 'Spara', create: 'Skapa',
    saved: 'Sparat.', newPassword: 'Nytt lösenord (minst 8 tecken)', confirmDisable: 'Stänga av {name}? Alla enheter loggas ut.',
    teamsTitle: 'Distrikt och team', createDistrict: 'Nytt distrikt', createTeam: 'Nytt team', name: 'Namn',
    areas: 'Delområden (id, kommaseparerade)', devicesTitle: 'Enheter', device: 'Enhet', user: 'Användare', created: 'Skapad',
    revoked: 'Spärrad', revoke: 'Spärra', confirmRevoke: 'Spärra enheten? Dess lokala data raderas vid nästa synk.',
    enrolTitle: 'Registrera en surfplatta', enrolLead: 'Välj användaren. Skanna QR-koden med plattan eller skriv in koden. Koden gäller i 15 minuter och kan användas en gång.',
    enrolCreate: 'Skapa kod', enrolCode: 'Kod', enrolExpires: 'Gäller till', enrolMissing: 'Servern erbjuder inte registrering med kod ännu.',
    targetsTitle: 'Målvärden per distrikt', packDefault: 'Paketets mål', districtTarget: 'Distriktets mål', targetHint: 'Andel anges som 0–1 (0,8 = 80 %).',
    navSettings: 'Distriktsinställningar', settingsTitle: 'Distriktens inställningar',
    settingsLead: 'Distriktet bestämmer vilka åldrar C8 räknar och om digitalt fältarbete räknas som en arena i C3. Ändringen gäller distriktets rapporter från nu, också för redan registrerade kontakter, och skrivs i granskningsloggen.',
    settingAgeBand: 'Åldersband för C8 (andel unga i målgruppen)', settingAgeBandHint: 'Många fältgrupper arbetar redan från 10 år. Välj de åldrar distriktets fältarbete riktar sig till.',
    ageFrom: 'Från (år)', ageTo: 'Till (år)', settingDigital: 'Digitalt fältarbete i C3 (arenor per månad)',
    settingDigitalHint: 'Välj Ja om distriktet gör digitalt fältarbete och vill att det räknas som en arena.', settingDigitalCounts: 'Räknas digitalt?',
    settingSaved: 'Sparat och loggat.', settingRefused: 'Sparades inte',
    settingAgeBandRule: 'åldersbandet ska vara FRÅN–TILL med FRÅN 10, 13, 16 eller 18 och TILL 12, 15, 17 eller 20, och TILL får inte vara lägre än FRÅN (t.ex. 10–20 eller 13–17). Välj ett annat TILL eller FRÅN och spara igen.',
    settingDigitalRule: 'digitalt ska vara Ja eller Nej. Välj ett av dem och spara igen.',
    settingNotInPack: 'kriteriepaketet har inget kriterium som inställningen gäller. Ladda om sidan.',
    settingUnknown: 'okänd inställning. Ladda om sidan.', settingsNone: 'Inga kriteriepaket med inställningar är laddade på servern.',
    auditTitle: 'Granskningsloggens kedja', auditIntact: 'Kedjan är hel', auditBroken: 'Kedjan är bruten', entries: 'Poster', headHash: 'Senaste hash',
    auditAdvice: 'Spara senaste hash utanför servern; jämför med "faltlogg-admin audit verify --expect-head".',
    auditBrokenAdvice: 'Kontakta driften: loggen har ändrats efter att den skrevs.',
    tableRegion: 'Tabell (rulla i sidled vid behov)', yes: 'Ja', no: 'Nej', actions: 'Åtgärder', id: 'Id',
  },
  en: {
    app: 'Fältlogg', skip: 'Skip to content', loading: 'Loading…', nav: 'Main menu', signOut: 'Sign out',
    otherLang: 'Svenska', otherLangCode: 'sv',
    signInTitle: 'Sign in', signInLead: 'The web console for team leads, evaluators and administrators.',
    username: 'Username', password: 'Password', signIn: 'Sign in', signingIn: 'Signing in…',
    wrongPassword: 'Wrong username or password. Try again.',
    rateLimited: 'Too many attempts. Wait a while and try again.',
    sessionExpired: 'Your session expired. Sign in again.',
    signedOut: 'You are signed out.',
    tabletOnly: 'Your account uses the tablet. The console is for team leads, evaluators and administrators.',
    networkError: 'The server does not answer. Check the network and try again.',
    errorGeneric: 'Something went wrong', forbidden: 'You may not see this. Ask your administrator if you need it.',
    notFound: 'No such page.', tryAgain: 'Try again',
    navStandard: 'Team vs. the standard', navReview: 'Review', navWorkers: 'Per worker',
    navCriteria: 'Criteria', navTables: 'Tables', navReport: 'Report', navDocs: 'Documentation',
    navUsers: 'Users', navTeams: 'Districts and teams', navDevices: 'Devices', navEnrol: 'Enrol a tablet',
    navTargets: 'Targets', navAudit: 'Audit log',
    roles: { field_worker: 'Field worker', family_therapist: 'Family therapist', team_lead: 'Team lead',
      evaluator: 'Evaluator', admin: 'Administrator' },
    period: 'Period', periodKind: 'Period type', month: 'Month', tertial: 'Tertial', year: 'Year', show: 'Show',
    tertials: ['Jan–Apr', 'May–Aug', 'Sep–Dec'],
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    monthsShort: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    criterion: 'Criterion', unit: 'Unit', value: 'Value', target: 'Target', status: 'Status', basis: 'Based on',
    met: 'Within local target', not_met: 'Outside local target', insufficient_data: 'Too little data', informational: 'Followed up (no target)',
    protected: 'Protected', protectedExplain: 'Protected value: so few contacts that a person could be singled out. It is not shown and it is not zero.',
    atLeast: 'at least', atMost: 'at most', overridden: 'district target',
    unit_share: 'percent', unit_per_team_month: 'per team-month', unit_distinct_per_month: 'count per month',
    unit_per_case_month: 'per case-month', unit_case_trend_share: 'percent of cases', unit_distribution: 'distribution (count)', unit_case_distribution: 'cases (distribution)',
    records: 'contacts/sessions', trendTitle: 'Monthly trend', targetLine: 'Target', trendFor: 'Show trend for',
    noData: 'No data for the period.', teamHeading: 'The team', city: 'Whole city', district: 'District', allDistricts: 'All districts',
    disclosure: 'Disclosure control', disclosureRule: 'Values based on fewer than {k} contacts are not shown (marked "protected"); further values may be protected so that no protected value can be worked out.', disclosureCellKey: 'Cell-key method: every number carries a small fixed random noise (mostly 0–2, at most {noise}); 1–{small} are never shown, so totals do not add up exactly. The same question always gets the same answer.', disclosureExact: 'Exact numbers (the team\'s own data).',
    countingRule: 'Counting rule', packVersion: 'Criteria pack', indicatorsAre: 'The indicators', districtSettings: "The district's settings",
    reviewTitle: 'Review documentation', stateFilter: 'State', worker: 'Worker', week: 'Week', all: 'All',
    unreviewed: 'Not reviewed', approved: 'Approved', needs_changes: 'Needs changes',
    occurred: 'When', form: 'Form', summary: 'Summary', open: 'Open', close: 'Close',
    approve: 'Approve', needsChanges: 'Needs changes', comment: 'Comment', commentHint: 'Say what needs changing. No names or personal identity numbers.',
    approveWeek: 'Approve the week', approveAllFrom: 'Approve everything from {name}', bulkDone: '{n} records approved.',
    bulkNone: 'Nothing to approve in the selection.', reviewSaved: 'The review is saved.', leadNeverEdits: 'As team lead you comment; only the author changes a record.',
    recordDetail: 'The full record', notesLeadOnly: 'Notes are visible to the team lead only.', more: 'The list is cut; choose a shorter period.',
    confirmBulk: 'Approve {n} records?',
    workersTitle: 'Contacts per worker and week', synced72: 'Synced within 72 h', minutes: 'Minutes', contacts: 'Records',
    activityMissing: 'The server has no activity report yet: counts and minutes are taken from the review queue here; the share synced within 72 h shows once the server has the report.',
    tablesTitle: 'Table builder', measure: 'Measure', rows: 'Rows', columns: 'Columns (optional)', none: '(none)',
    build: 'Show table', downloadCsv: 'Download CSV (Excel)', total: 'Total', legend: 'Legend',
    legendProtected: '× = protected value (too little data, not shown)', chartOfTable: 'Chart of the table',
    reportTitle: 'Report for the committee', print: 'Print / save as PDF', generated: 'Generated',
    docsTitle: 'Codes and measures', docsLead: 'Generated from the form and criteria packs the server runs with.',
    field: 'Field', code: 'Code', type: 'Type', options: 'Values', required: 'required',
    usersTitle: 'Users', createUser: 'Create user', displayName: 'Display name', role: 'Role', team: 'Team',
    disabled: 'Disabled', active: 'Active', disable: 'Disable', resetPassword: 'New password', save: 'Save', create: 'Create',
    saved: 'Saved.', newPassword: 'New password (at least 8 characters)', confirmDisable: 'Disable {name}? Every device is signed out.',
    teamsTitle: 'Districts and teams', createDistrict: 'New district', createTeam: 'New team', name: 'Name',
    areas: 'Sub-areas (ids, comma-separated)', devicesTitle: 'Devices', device: 'Device', user: 'User', created: 'Created',
    revoked: 'Revoked', revoke: 'Revoke', confirmRevoke: 'Revoke the device? Its local data is wiped at its next sync.',
    enrolTitle: 'Enrol a tablet', enrolLead: 'Choose the user. Scan the QR code with the tablet or type the code. The code is valid for 15 minutes, once.',
    enrolCreate: 'Create code', enrolCode: 'Code', enrolExpires: 'Valid until', enrolMissing: 'The server does not offer enrolment codes yet.',
    targetsTitle: 'Targets per district', packDefault: 'Pack target', districtTarget: 'District target', targetHint: 'Shares as 0–1 (0.8 = 80 %).',
    navSettings: 'District settings', settingsTitle: "The districts' settings",
    settingsLead: "The district decides which ages C8 counts and whether digital field work counts as an arena in C3. A change applies to the district's reports from now on, also for contacts already logged, and is written to the audit log.",
    settingAgeBand: 'Age band for C8 (share of youths in the target group)', settingAgeBandHint: 'Many field teams work from age 10. Choose the ages the district’s field work is for.',
    ageFrom: 'From (years)', ageTo: 'To (years)', settingDigital: 'Digital field work in C3 (arenas per month)',
    settingDigitalHint: 'Choose Yes if the district does digital field work and wants it counted as an arena.', settingDigitalCounts: 'Does digital count?',
    settingSaved: 'Saved and logged.', settingRefused: 'Not saved',
    settingAgeBandRule: 'the age band must be FROM–TO with FROM 10, 13, 16 or 18 and TO 12, 15, 17 or 20, and TO not below FROM (e.g. 10–20 or 13–17). Choose another FROM or TO and save again.',
    settingDigitalRule: 'digital must be Yes or No. Choose one and save again.', settingNotInPack: 'the pack has no criterion this setting applies to. Reload the page.',
    settingUnknown: 'unknown setting. Reload the page.',
    settingsNone: 'No criteria pack with settings is loaded on the server.',
    auditTitle: 'Audit log chain', auditIntact: 'The chain is intact', auditBroken: 'The chain is broken', entries: 'Entries', headHash: 'Newest hash',
    auditAdvice: 'Keep the newest hash outside the server; compare with "faltlogg-admin audit verify --expect-head".',
    auditBrokenAdvice: 'Contact operations: the log was changed after it was written.',
    tableRegion: 'Table (scrolls sideways when needed)', yes: 'Yes', no: 'No', actions: 'Actions', id: 'Id',
  },
};

let language = (() => {
  try { return localStorage.getItem('faltlogg.lang') === 'en' ? 'en' : 'sv'; } catch { return 'sv'; }
})();

export function lang() { return language; }
export function setLang(next) {
  language = next === 'en' ? 'en' : 'sv';
  try { localStorage.setItem('faltlogg.lang', language); } catch { /* private mode: keep it for this page */ }
  document.documentElement.lang = language;
}

export function t(key, params) {
  const value = strings[language][key] ?? strings.sv[key] ?? key;
  if (typeof value !== 'string' || !params) return value;
  return value.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

// Title of a pack item in the current language (the packs carry title_sv / title_en, label_sv / label_en).
export function tr(item, base = 'title') {
  if (!item) return '';
  const nested = item[base];
  if (nested && typeof nested === 'object') return nested[language] || nested.sv || nested.en || item.id || '';
  return (language === 'en' ? item[`${base}_en`] : item[`${base}_sv`]) || item[`${base}_sv`] || item[`${base}_en`] || item.id || '';
}

export function formatNumber(value, decimals = 1) {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'sv-SE', { maximumFractionDigits: decimals }).format(value);
}

export function formatPercent(share) {
  return `${formatNumber(share * 100, 1)} %`;
}

export function formatDateTime(text) {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return text;
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
