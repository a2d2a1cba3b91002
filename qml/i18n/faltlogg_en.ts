<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="sv_SE">
<context>
    <name>CaseDelegate</name>
    <message>
        <source>Start %1</source>
        <translation>Started %1</translation>
    </message>
    <message>
        <source>%1 träffar</source>
        <translation>%1 sessions</translation>
    </message>
    <message>
        <source>1 träff</source>
        <translation>1 session</translation>
    </message>
    <message>
        <source>senast %1</source>
        <translation>last %1</translation>
    </message>
    <message>
        <source>Logga träff</source>
        <translation>Log session</translation>
    </message>
    <message>
        <source>Logga träff i ärende %1</source>
        <translation>Log a session in case %1</translation>
    </message>
    <message>
        <source>Avsluta</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Avsluta ärende %1</source>
        <translation>Close case %1</translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <source>Byt lösenfras</source>
        <translation>Change passphrase</translation>
    </message>
    <message>
        <source>Nuvarande lösenfras</source>
        <translation>Current passphrase</translation>
    </message>
    <message>
        <source>Ny lösenfras</source>
        <translation>New passphrase</translation>
    </message>
    <message>
        <source>Samma nya lösenfras igen</source>
        <translation>The same new passphrase again</translation>
    </message>
    <message>
        <source>Byter lösenfras …</source>
        <translation>Changing the passphrase …</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>CloseCaseDialog</name>
    <message>
        <source>Avsluta ärende %1</source>
        <translation>Close case %1</translation>
    </message>
    <message>
        <source>Planerat avslut</source>
        <translation>Planned ending</translation>
    </message>
    <message>
        <source>Avbrutet av familjen</source>
        <translation>Ended by the family</translation>
    </message>
    <message>
        <source>Familjen har flyttat</source>
        <translation>The family moved</translation>
    </message>
    <message>
        <source>Annan insats tog vid</source>
        <translation>Another intervention took over</translation>
    </message>
    <message>
        <source>Annat</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Varför avslutas ärendet?</source>
        <translation>Why is the case closing?</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Avsluta ärendet</source>
        <translation>Close the case</translation>
    </message>
    <message>
        <source>Slutdatum</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>En dag tidigare</source>
        <translation>One day earlier</translation>
    </message>
    <message>
        <source>Idag</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>En dag senare</source>
        <translation>One day later</translation>
    </message>
</context>
<context>
    <name>DateTimeField</name>
    <message>
        <source>−1 dag</source>
        <translation>−1 day</translation>
    </message>
    <message>
        <source>−1 h</source>
        <translation>−1 h</translation>
    </message>
    <message>
        <source>−15 min</source>
        <translation>−15 min</translation>
    </message>
    <message>
        <source>+15 min</source>
        <translation>+15 min</translation>
    </message>
    <message>
        <source>Nu</source>
        <translation>Now</translation>
    </message>
    <message>
        <source>%1: sätt till nu</source>
        <translation>%1: set to now</translation>
    </message>
</context>
<context>
    <name>FieldDelegate</name>
    <message>
        <source>obligatoriskt</source>
        <translation>required</translation>
    </message>
    <message>
        <source>som förra gången</source>
        <translation>as last time</translation>
    </message>
    <message>
        <source>Totalt %1</source>
        <translation>Total %1</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>Fältlogg</source>
        <translation>Fältlogg</translation>
    </message>
    <message>
        <source>Granska</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>Granska teamets registreringar</source>
        <translation>Review the team&apos;s records</translation>
    </message>
    <message>
        <source>Inställningar</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Lås</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>Lås appen</source>
        <translation>Lock the app</translation>
    </message>
    <message>
        <source>Idag: %1 · Denna vecka: %2</source>
        <translation>Today: %1 · This week: %2</translation>
    </message>
    <message>
        <source>Utkast: %1 (inte sparat)</source>
        <translation>Draft: %1 (not saved)</translation>
    </message>
    <message>
        <source>Fortsätt</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Fortsätt med utkastet</source>
        <translation>Continue the draft</translation>
    </message>
    <message>
        <source>Släng</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Släng utkastet</source>
        <translation>Discard the draft</translation>
    </message>
    <message>
        <source>Inga registreringar än. Tryck på knappen nedan när du har haft en kontakt.</source>
        <translation>No records yet. Tap the button below after a contact.</translation>
    </message>
    <message>
        <source>Ny %1</source>
        <translation>New %1</translation>
    </message>
    <message>
        <source>Mina (%1)</source>
        <translation>Mine (%1)</translation>
    </message>
    <message>
        <source>Mina registreringar</source>
        <translation>My records</translation>
    </message>
    <message>
        <source>Teamets (%1)</source>
        <translation>Team (%1)</translation>
    </message>
    <message>
        <source>Teamets registreringar</source>
        <translation>The team&apos;s records</translation>
    </message>
    <message>
        <source>Teamets registreringar visas här när de har synkats.</source>
        <translation>The team&apos;s records show here once they have synced.</translation>
    </message>
    <message>
        <source>Du registrerar inga kontakter själv. Granska teamets registreringar under Granska.</source>
        <translation>You do not log contacts yourself. Review the team&apos;s records under Review.</translation>
    </message>
    <message>
        <source>Mina ärenden</source>
        <translation>My cases</translation>
    </message>
</context>
<context>
    <name>MyCasesPage</name>
    <message>
        <source>Mina ärenden</source>
        <translation>My cases</translation>
    </message>
    <message>
        <source>%1 pågående</source>
        <translation>%1 open</translation>
    </message>
    <message>
        <source>Inga ärenden än. Starta ett ärende med knappen nedan.</source>
        <translation>No cases yet. Start one with the button below.</translation>
    </message>
    <message>
        <source>Nytt ärende</source>
        <translation>New case</translation>
    </message>
</context>
<context>
    <name>PageHeader</name>
    <message>
        <source>Tillbaka</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>‹ Tillbaka</source>
        <translation>‹ Back</translation>
    </message>
</context>
<context>
    <name>QrCameraView</name>
    <message>
        <source>Kameran kunde inte startas. Skriv koden i stället.</source>
        <translation>The camera could not be started. Type the code instead.</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Sluta skanna</source>
        <translation>Stop scanning</translation>
    </message>
</context>
<context>
    <name>faltlogg::client::QrScanner</name>
    <message>
        <source>Håll QR-koden från teamledaren inom rutan.</source>
        <translation>Hold the team lead&apos;s QR code inside the frame.</translation>
    </message>
    <message>
        <source>QR-koden är läst.</source>
        <translation>The QR code has been read.</translation>
    </message>
    <message>
        <source>Det här är inte en QR-kod från Fältlogg. Skanna koden som teamledaren visar, eller skriv koden.</source>
        <translation>This is not a Fältlogg QR code. Scan the code your team lead shows, or type the code.</translation>
    </message>
    <message>
        <source>Ingen QR-kod hittades i bilden. Håll koden stilla och helt inom rutan, i bra ljus, eller skriv koden.</source>
        <translation>No QR code was found in the picture. Hold the code still and fully inside the frame, in good light, or type the code.</translation>
    </message>
</context>
<context>
    <name>RecordDelegate</name>
    <message>
        <source>Kan inte läsas</source>
        <translation>Unreadable</translation>
    </message>
    <message>
        <source>Godkänd</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Avvisad – rätta</source>
        <translation>Rejected – correct it</translation>
    </message>
    <message>
        <source>Ej skickad</source>
        <translation>Not sent</translation>
    </message>
    <message>
        <source>Skickad ✓</source>
        <translation>Sent ✓</translation>
    </message>
    <message>
        <source>Teamledaren vill ha ändring</source>
        <translation>The team lead wants a change</translation>
    </message>
</context>
<context>
    <name>RecordDetailPage</name>
    <message>
        <source>Servern tog inte emot registreringen</source>
        <translation>The server did not accept this record</translation>
    </message>
    <message>
        <source>Ändra och spara så skickas den igen.</source>
        <translation>Edit and save it to send it again.</translation>
    </message>
    <message>
        <source>Godkänd av teamledaren</source>
        <translation>Approved by the team lead</translation>
    </message>
    <message>
        <source>Teamledaren ber om ändringar</source>
        <translation>The team lead asks for changes</translation>
    </message>
    <message>
        <source>Ändra</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Ändra registreringen</source>
        <translation>Edit the record</translation>
    </message>
    <message>
        <source>Ta bort</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Ta bort registreringen</source>
        <translation>Delete the record</translation>
    </message>
    <message>
        <source>Ej skickad – skickas av sig själv</source>
        <translation>Not sent – it will be sent automatically</translation>
    </message>
    <message>
        <source>En kollegas registrering. Du kan läsa och granska den, men bara den som skrev den kan ändra den.</source>
        <translation>A colleague&apos;s record. You can read and review it, but only its author can change it.</translation>
    </message>
</context>
<context>
    <name>faltlogg::client::RecordDraft</name>
    <message>
        <source>Det går inte att spara just nu.</source>
        <translation>Saving is not possible right now.</translation>
    </message>
</context>
<context>
    <name>RecordFormPage</name>
    <message>
        <source>Ändra %1</source>
        <translation>Edit %1</translation>
    </message>
    <message>
        <source>Tillbaka, utkastet finns kvar på startsidan</source>
        <translation>Back; the draft stays on the home screen</translation>
    </message>
    <message>
        <source>Spara</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Spara registreringen</source>
        <translation>Save the record</translation>
    </message>
    <message numerus="yes">
        <source>%n fält behöver rättas innan du kan spara.</source>
        <translation>
            <numerusform>%n field needs correcting before you can save.</numerusform>
            <numerusform>%n fields need correcting before you can save.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sparar …</source>
        <translation>Saving …</translation>
    </message>
</context>
<context>
    <name>RecordListModel</name>
    <message>
        <source>Idag</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Denna vecka</source>
        <translation>This week</translation>
    </message>
    <message>
        <source>Tidigare</source>
        <translation>Earlier</translation>
    </message>
</context>
<context>
    <name>RecordSummary</name>
    <message>
        <source>Ja</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Nej</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Granska teamets registreringar</source>
        <translation>Review the team&apos;s records</translation>
    </message>
    <message>
        <source>Visa</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Alla</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Ej granskade</source>
        <translation>Not reviewed</translation>
    </message>
    <message>
        <source>Godkända</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Behöver ändras</source>
        <translation>Changes requested</translation>
    </message>
    <message>
        <source>Godkänd</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Godkänn</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>Godkänn: %1</source>
        <translation>Approve: %1</translation>
    </message>
    <message>
        <source>Begär ändring</source>
        <translation>Request changes</translation>
    </message>
    <message>
        <source>Begär ändring: %1</source>
        <translation>Request changes: %1</translation>
    </message>
    <message>
        <source>Inga registreringar att visa.</source>
        <translation>No records to show.</translation>
    </message>
    <message>
        <source>Vad ska ändras?</source>
        <translation>What should change?</translation>
    </message>
    <message>
        <source>Kommentar till den som skrev registreringen</source>
        <translation>A comment for the author of the record</translation>
    </message>
    <message>
        <source>Kommentar</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>Godkänn 1</source>
        <translation>Approve 1</translation>
    </message>
    <message>
        <source>Godkänn alla %1</source>
        <translation>Approve all %1</translation>
    </message>
    <message>
        <source>Godkänn veckans registreringar: %1</source>
        <translation>Approve the week&apos;s records: %1</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Skicka till författaren</source>
        <translation>Send to the author</translation>
    </message>
</context>
<context>
    <name>ReviewRecordPage</name>
    <message>
        <source>Godkänd</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Teamledaren vill ha ändring</source>
        <translation>The team lead wants a change</translation>
    </message>
    <message>
        <source>Godkänn</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>Begär ändring</source>
        <translation>Request changes</translation>
    </message>
</context>
<context>
    <name>faltlogg::client::Session</name>
    <message>
        <source>Lås upp appen först.</source>
        <translation>Unlock the app first.</translation>
    </message>
    <message>
        <source>Ingen server är ansluten på den här surfplattan. Logga ut och logga in igen.</source>
        <translation>No server is connected on this tablet. Sign out and sign in again.</translation>
    </message>
    <message>
        <source>Inloggningen misslyckades.</source>
        <translation>Signing in failed.</translation>
    </message>
    <message>
        <source>Fel lösenfras. Varning: nästa felaktiga försök raderar allt på surfplattan som inte är synkat.</source>
        <translation>Wrong passphrase. Warning: the next wrong attempt erases everything on this tablet that has not been synced.</translation>
    </message>
    <message numerus="yes">
        <source>Fel lösenfras. %n försök kvar.</source>
        <translation>
            <numerusform>Wrong passphrase. %n attempt left.</numerusform>
            <numerusform>Wrong passphrase. %n attempts left.</numerusform>
        </translation>
    </message>
    <message>
        <source>Minst %1 tecken. Några vanliga ord i rad är lätta att minnas och svåra att gissa.</source>
        <translation>At least %1 characters. A few ordinary words in a row are easy to remember and hard to guess.</translation>
    </message>
    <message>
        <source>För lätt att gissa.</source>
        <translation>Too easy to guess.</translation>
    </message>
    <message>
        <source>Svag – gör den längre.</source>
        <translation>Weak – make it longer.</translation>
    </message>
    <message>
        <source>Godkänd.</source>
        <translation>Acceptable.</translation>
    </message>
    <message>
        <source>Stark.</source>
        <translation>Strong.</translation>
    </message>
    <message>
        <source>Mycket stark.</source>
        <translation>Very strong.</translation>
    </message>
    <message>
        <source>%1 felaktiga PIN-koder. Lås upp med din lösenfras.</source>
        <translation>%1 wrong PINs. Unlock with your passphrase.</translation>
    </message>
    <message>
        <source>Fel PIN-kod. 1 försök kvar, sedan behövs lösenfrasen.</source>
        <translation>Wrong PIN. 1 attempt left, then the passphrase is needed.</translation>
    </message>
    <message>
        <source>Fel PIN-kod. %1 försök kvar, sedan behövs lösenfrasen.</source>
        <translation>Wrong PIN. %1 attempts left, then the passphrase is needed.</translation>
    </message>
    <message>
        <source>Synkningen kunde inte starta: %1</source>
        <translation>Sync could not start: %1</translation>
    </message>
    <message>
        <source>Den här surfplattan har spärrats av administratören och uppgifterna på den är raderade.</source>
        <translation>This tablet has been blocked by the administrator and its data has been erased.</translation>
    </message>
    <message>
        <source>Ingen server är ansluten, så inget kan skickas. Välj &quot;Logga ut ändå&quot; om du vill radera uppgifterna.</source>
        <translation>No server is connected, so nothing can be sent. Choose &quot;Sign out anyway&quot; to erase the data.</translation>
    </message>
    <message>
        <source>1 registrering kunde inte skickas. Du är fortfarande inloggad; försök igen när du har nät, eller rätta den om den behöver rättas.</source>
        <translation>1 record could not be sent. You are still signed in; try again when you have a network, or correct it if it needs correcting.</translation>
    </message>
    <message>
        <source>%1 registreringar kunde inte skickas. Du är fortfarande inloggad; försök igen när du har nät, eller rätta dem som behöver rättas.</source>
        <translation>%1 records could not be sent. You are still signed in; try again when you have a network, or correct those that need correcting.</translation>
    </message>
    <message>
        <source>Kunde inte nå servern. Kontrollera att du har nät och försök igen.</source>
        <translation>Could not reach the server. Check that you have a network and try again.</translation>
    </message>
    <message>
        <source>Serverns adress ska börja med https://. Skanna hellre QR-koden från din teamledare.</source>
        <translation>The server address must start with https://. Better: scan your team lead&apos;s QR code.</translation>
    </message>
    <message>
        <source>Den här versionen kan bara anslutas med en kod. Be din teamledare om en QR-kod.</source>
        <translation>This version can only be connected with a code. Ask your team lead for a QR code.</translation>
    </message>
    <message>
        <source>Koden har 10 tecken, bokstäver och siffror. Kontrollera att du skrivit av den rätt.</source>
        <translation>The code has 10 characters, letters and digits. Check that you copied it correctly.</translation>
    </message>
    <message>
        <source>Det här är ingen Fältlogg-länk. Skanna QR-koden igen eller skriv koden.</source>
        <translation>This is not a Fältlogg link. Scan the QR code again or type the code.</translation>
    </message>
    <message>
        <source>Surfplattan vet inte vilken server koden hör till. Skanna QR-koden eller klistra in hela länken (faltlogg://…) i stället.</source>
        <translation>The tablet does not know which server the code belongs to. Scan the QR code or paste the whole link (faltlogg://…) instead.</translation>
    </message>
    <message>
        <source>Avbrutet. Inget har sparats; försök igen när du har nät.</source>
        <translation>Cancelled. Nothing was saved; try again when you have a network.</translation>
    </message>
    <message>
        <source>Serverns inställningar går inte att använda. Be din teamledare om en ny QR-kod.</source>
        <translation>The server settings cannot be used. Ask your team lead for a new QR code.</translation>
    </message>
    <message>
        <source>Koden är redan använd. Be din teamledare om en ny kod.</source>
        <translation>The code has already been used. Ask your team lead for a new code.</translation>
    </message>
    <message>
        <source>Koden har gått ut (den gäller i 15 minuter). Be din teamledare om en ny kod.</source>
        <translation>The code has expired (it is valid for 15 minutes). Ask your team lead for a new code.</translation>
    </message>
    <message>
        <source>Koden finns inte. Kontrollera att du skrivit av den rätt, eller be om en ny.</source>
        <translation>The code does not exist. Check that you copied it correctly, or ask for a new one.</translation>
    </message>
    <message>
        <source>Fel användarnamn eller lösenord. Försök igen.</source>
        <translation>Wrong username or password. Try again.</translation>
    </message>
    <message>
        <source>Kunde inte nå servern. Kontrollera adressen och att du har nät.</source>
        <translation>Could not reach the server. Check the address and that you have a network.</translation>
    </message>
    <message>
        <source>Servern kunde inte bekräfta att den är rätt server. Anslut inte; be din teamledare om en ny QR-kod.</source>
        <translation>The server could not prove it is the right server. Do not connect; ask your team lead for a new QR code.</translation>
    </message>
    <message>
        <source>För många försök. Vänta en stund och försök igen.</source>
        <translation>Too many attempts. Wait a while and try again.</translation>
    </message>
    <message>
        <source>För många felaktiga försök. Uppgifterna på surfplattan är raderade; logga in igen.</source>
        <translation>Too many wrong attempts. The data on this tablet has been erased; sign in again.</translation>
    </message>
    <message>
        <source>Det gick inte att låsa upp: %1</source>
        <translation>Could not unlock: %1</translation>
    </message>
    <message>
        <source>Ärendet finns inte på den här plattan. Synka och försök igen.</source>
        <translation>The case is not on this tablet. Sync and try again.</translation>
    </message>
    <message>
        <source>Välj en avslutsorsak.</source>
        <translation>Choose a reason for closing.</translation>
    </message>
    <message>
        <source>Slutdatum kan inte vara före startdatum. Välj en senare dag.</source>
        <translation>The end date cannot be before the start date. Choose a later day.</translation>
    </message>
    <message>
        <source>Skriv den lösenfras du använder nu.</source>
        <translation>Type the passphrase you use now.</translation>
    </message>
    <message>
        <source>Lösenfraserna är inte lika.</source>
        <translation>The passphrases are not the same.</translation>
    </message>
    <message>
        <source>Den nya lösenfrasen är samma som den du har nu.</source>
        <translation>The new passphrase is the same as the one you have now.</translation>
    </message>
    <message>
        <source>För många felaktiga försök. Lås appen och lås upp med lösenfrasen först.</source>
        <translation>Too many wrong attempts. Lock the app and unlock it with the passphrase first.</translation>
    </message>
    <message>
        <source>Fel lösenfras. Den gamla lösenfrasen gäller fortfarande.</source>
        <translation>Wrong passphrase. The old passphrase still applies.</translation>
    </message>
    <message>
        <source>Lösenfrasen kunde inte bytas; den gamla gäller fortfarande. Försök igen.</source>
        <translation>The passphrase could not be changed; the old one still applies. Try again.</translation>
    </message>
    <message>
        <source>Synkens position hade ändrats. Nästa synk hämtar allt från servern igen.</source>
        <translation>The sync position had been changed. The next sync fetches everything from the server again.</translation>
    </message>
    <message>
        <source>Gränsen för felaktiga lösenfraser hade ändrats och är återställd.</source>
        <translation>The limit for wrong passphrases had been changed and has been restored.</translation>
    </message>
    <message>
        <source>Meddela systemförvaltaren: någon kan ha kommit åt surfplattans filer.</source>
        <translation>Tell the system administrator: someone may have had access to the tablet&apos;s files.</translation>
    </message>
    <message>
        <source>Inställningarna gick inte att spara på surfplattan (%1). Frigör utrymme och försök igen.</source>
        <translation>The settings could not be saved on the tablet (%1). Free up space and try again.</translation>
    </message>
    <message>
        <source>1 registrering hade ändrats i surfplattans fil. Den är återställd från den krypterade kopian och skickas till servern igen.</source>
        <translation>1 record had been changed in the tablet&apos;s file. It has been restored from the encrypted copy and will be sent to the server again.</translation>
    </message>
    <message>
        <source>%1 registreringar hade ändrats i surfplattans fil. De är återställda från den krypterade kopian och skickas till servern igen.</source>
        <translation>%1 records had been changed in the tablet&apos;s file. They have been restored from the encrypted copy and will be sent to the server again.</translation>
    </message>
    <message>
        <source>1 registrering har ändrats eller går inte att öppna. Starta om appen och lås upp med lösenfrasen, så återställs det som går.</source>
        <translation>1 record has been changed or cannot be opened. Restart the app and unlock with the passphrase to restore what can be restored.</translation>
    </message>
    <message>
        <source>%1 registreringar har ändrats eller går inte att öppna. Starta om appen och lås upp med lösenfrasen, så återställs det som går.</source>
        <translation>%1 records have been changed or cannot be opened. Restart the app and unlock with the passphrase to restore what can be restored.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Inställningar</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Språk</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Lås automatiskt efter</source>
        <translation>Lock automatically after</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>Textstorlek</source>
        <translation>Text size</translation>
    </message>
    <message>
        <source>Enhet</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>Användare</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Enhetens namn</source>
        <translation>Device name</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Enhets-id</source>
        <translation>Device id</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Logga ut</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Logga ut?</source>
        <translation>Sign out?</translation>
    </message>
    <message>
        <source>PIN-kod för att låsa upp</source>
        <translation>PIN to unlock</translation>
    </message>
    <message>
        <source>Efter ett automatiskt lås räcker en PIN-kod med 6 siffror, så länge appen är igång. Startar appen om, eller blir det fel 5 gånger, behövs lösenfrasen.</source>
        <translation>After an automatic lock a 6-digit PIN is enough while the app keeps running. After a restart, or 5 wrong PINs, the passphrase is needed.</translation>
    </message>
    <message>
        <source>Ny PIN-kod (6 siffror)</source>
        <translation>New PIN (6 digits)</translation>
    </message>
    <message>
        <source>PIN-kod (6 siffror)</source>
        <translation>PIN (6 digits)</translation>
    </message>
    <message>
        <source>PIN-kod</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Byt PIN</source>
        <translation>Change PIN</translation>
    </message>
    <message>
        <source>Spara PIN</source>
        <translation>Save PIN</translation>
    </message>
    <message>
        <source>Ta bort PIN</source>
        <translation>Remove PIN</translation>
    </message>
    <message>
        <source>Logga ut och radera uppgifterna på surfplattan</source>
        <translation>Sign out and erase the data on this tablet</translation>
    </message>
    <message>
        <source>Uppgifterna på surfplattan raderas. Allt är skickat till servern.</source>
        <translation>The data on this tablet is erased. Everything has been sent to the server.</translation>
    </message>
    <message>
        <source>1 registrering är inte skickad och försvinner om du loggar ut utan att synka.</source>
        <translation>1 record has not been sent and is lost if you sign out without syncing.</translation>
    </message>
    <message>
        <source>%1 registreringar är inte skickade och försvinner om du loggar ut utan att synka.</source>
        <translation>%1 records have not been sent and are lost if you sign out without syncing.</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Logga ut ändå</source>
        <translation>Sign out anyway</translation>
    </message>
    <message>
        <source>Synka och logga ut</source>
        <translation>Sync and sign out</translation>
    </message>
    <message>
        <source>Utseende</source>
        <translation>Appearance</translation>
    </message>
    <message>
        <source>Följ systemet</source>
        <translation>Follow the system</translation>
    </message>
    <message>
        <source>Ljust</source>
        <translation>Light</translation>
    </message>
    <message>
        <source>Mörkt</source>
        <translation>Dark</translation>
    </message>
    <message>
        <source>Lösenfras</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Lösenfrasen är bytt. Använd den nya nästa gång du låser upp.</source>
        <translation>The passphrase has been changed. Use the new one the next time you unlock.</translation>
    </message>
    <message>
        <source>Byt lösenfras om någon kan ha sett den. Det som är sparat på surfplattan finns kvar.</source>
        <translation>Change the passphrase if someone may have seen it. What is saved on the tablet stays.</translation>
    </message>
    <message>
        <source>Byt lösenfras</source>
        <translation>Change passphrase</translation>
    </message>
</context>
<context>
    <name>SetupPage</name>
    <message>
        <source>Kom igång</source>
        <translation>Get started</translation>
    </message>
    <message>
        <source>Serverns adress</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>Användarnamn</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>Lösenord</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Sökväg till serverns CA-certifikat</source>
        <translation>Path to the server&apos;s CA certificate</translation>
    </message>
    <message>
        <source>2. Lösenfras för surfplattan</source>
        <translation>2. Passphrase for this tablet</translation>
    </message>
    <message>
        <source>Lösenfras</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Ny lösenfras</source>
        <translation>New passphrase</translation>
    </message>
    <message>
        <source>Lösenfrasens styrka: %1</source>
        <translation>Passphrase strength: %1</translation>
    </message>
    <message>
        <source>Samma lösenfras igen</source>
        <translation>The same passphrase again</translation>
    </message>
    <message>
        <source>Upprepa lösenfrasen</source>
        <translation>Repeat the passphrase</translation>
    </message>
    <message>
        <source>Lösenfraserna är inte lika.</source>
        <translation>The passphrases differ.</translation>
    </message>
    <message>
        <source>Anslut och synka</source>
        <translation>Connect and sync</translation>
    </message>
    <message>
        <source>Tomt = det inbyggda certifikatet</source>
        <translation>Empty = the built-in certificate</translation>
    </message>
    <message>
        <source>1. Anslut surfplattan</source>
        <translation>1. Connect the tablet</translation>
    </message>
    <message>
        <source>Med kod</source>
        <translation>With a code</translation>
    </message>
    <message>
        <source>Med lösenord</source>
        <translation>With a password</translation>
    </message>
    <message>
        <source>Din teamledare visar en QR-kod med en kod. Skriv koden, eller klistra in hela länken (faltlogg://…).</source>
        <translation>Your team lead shows a QR code with a code. Type the code, or paste the whole link (faltlogg://…).</translation>
    </message>
    <message>
        <source>Kod från teamledaren</source>
        <translation>Code from the team lead</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <source>Serverns CA-certifikat (fil, bara för test och utveckling)</source>
        <translation>The server&apos;s CA certificate (file, for testing and development only)</translation>
    </message>
    <message>
        <source>Lösenfrasen skyddar uppgifterna på surfplattan. Den kan inte återställas: glömmer du den loggar du in på nytt och det som inte är synkat går förlorat.</source>
        <translation>The passphrase protects the data on this tablet. It cannot be recovered: if you forget it you sign in again and whatever has not been synced is lost.</translation>
    </message>
    <message>
        <source>Ansluter till servern …</source>
        <translation>Connecting to the server …</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>t.ex. K7QM3-XPR2D</source>
        <translation>e.g. K7QM3-XPR2D</translation>
    </message>
    <message>
        <source>Din teamledare visar en QR-kod med en kod. Skanna QR-koden, skriv koden eller klistra in hela länken (faltlogg://…).</source>
        <translation>Your team lead shows a QR code with a code. Scan the QR code, type the code or paste the whole link (faltlogg://…).</translation>
    </message>
    <message>
        <source>Skanna QR-kod</source>
        <translation>Scan QR code</translation>
    </message>
</context>
<context>
    <name>Stepper</name>
    <message>
        <source>Minska %1</source>
        <translation>Decrease %1</translation>
    </message>
    <message>
        <source>Öka %1</source>
        <translation>Increase %1</translation>
    </message>
</context>
<context>
    <name>SwitchField</name>
    <message>
        <source>Inte angivet</source>
        <translation>Not given</translation>
    </message>
    <message>
        <source>Ja</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Nej</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>SyncBar</name>
    <message>
        <source>Synka nu</source>
        <translation>Sync now</translation>
    </message>
</context>
<context>
    <name>faltlogg::client::SyncStatus</name>
    <message>
        <source>Synkar …</source>
        <translation>Syncing …</translation>
    </message>
    <message>
        <source>Synken misslyckades</source>
        <translation>Sync failed</translation>
    </message>
    <message numerus="yes">
        <source>Offline – %n väntar</source>
        <translation>
            <numerusform>Offline – %n waiting</numerusform>
            <numerusform>Offline – %n waiting</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message numerus="yes">
        <source>%n väntar på synk</source>
        <translation>
            <numerusform>%n waiting to sync</numerusform>
            <numerusform>%n waiting to sync</numerusform>
        </translation>
    </message>
    <message>
        <source>Inte synkad än</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <source>Försök igen om en stund. Hjälper inte det, kontakta systemförvaltaren.</source>
        <translation>Try again in a while. If that does not help, contact the system administrator.</translation>
    </message>
    <message>
        <source>Allt skickat ✓ senast %1</source>
        <translation>All sent ✓ last at %1</translation>
    </message>
    <message>
        <source>senast skickat %1</source>
        <translation>last sent %1</translation>
    </message>
    <message>
        <source>inget skickat än</source>
        <translation>nothing sent yet</translation>
    </message>
    <message>
        <source>Sparat på surfplattan. Skickas av sig själv när servern går att nå.</source>
        <translation>Saved on the tablet. It is sent automatically when the server can be reached.</translation>
    </message>
    <message>
        <source>Allt är skickat. Det som sparas nu skickas av sig själv när servern går att nå.</source>
        <translation>Everything has been sent. What you save now is sent automatically when the server can be reached.</translation>
    </message>
    <message>
        <source>1 registrering behöver rättas. Öppna den och se vad som saknas.</source>
        <translation>1 record needs correcting. Open it to see what is missing.</translation>
    </message>
    <message>
        <source>%1 registreringar behöver rättas. Öppna dem och se vad som saknas.</source>
        <translation>%1 records need correcting. Open them to see what is missing.</translation>
    </message>
    <message>
        <source>Filen har ändrats utanför appen</source>
        <translation>The file was changed outside the app</translation>
    </message>
</context>
<context>
    <name>faltlogg::client::TeamReviewModel</name>
    <message>
        <source>%1 · vecka %2</source>
        <translation>%1 · week %2</translation>
    </message>
    <message>
        <source>Granskning kräver anslutning till servern.</source>
        <translation>Reviewing needs a connection to the server.</translation>
    </message>
    <message>
        <source>Skriv vad som ska ändras.</source>
        <translation>Write what should change.</translation>
    </message>
    <message>
        <source>1 registrering kunde inte godkännas (den finns inte längre eller är inte teamets).</source>
        <translation>1 record could not be approved (it no longer exists or is not the team&apos;s).</translation>
    </message>
    <message>
        <source>%1 registreringar kunde inte godkännas (de finns inte längre eller är inte teamets).</source>
        <translation>%1 records could not be approved (they no longer exist or are not the team&apos;s).</translation>
    </message>
    <message>
        <source>Kunde inte nå servern. Kontrollera att du har nät och försök igen.</source>
        <translation>Could not reach the server. Check that you have a network and try again.</translation>
    </message>
    <message>
        <source>Inloggningen har gått ut. Lås appen och lås upp den igen, eller logga in på nytt.</source>
        <translation>Your sign-in has expired. Lock and unlock the app, or sign in again.</translation>
    </message>
    <message>
        <source>Du får bara granska ditt eget teams registreringar.</source>
        <translation>You may only review your own team&apos;s records.</translation>
    </message>
    <message>
        <source>Registreringen finns inte längre på servern. Ladda om listan.</source>
        <translation>The record no longer exists on the server. Reload the list.</translation>
    </message>
    <message>
        <source>Servern kunde inte ta emot granskningen just nu. Försök igen om en stund.</source>
        <translation>The server could not take the review right now. Try again in a while.</translation>
    </message>
</context>
<context>
    <name>TextEntryField</name>
    <message>
        <source>Skriv här …</source>
        <translation>Write here …</translation>
    </message>
    <message>
        <source>%1 av %2 tecken</source>
        <translation>%1 of %2 characters</translation>
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message>
        <source>Registreringen togs bort.</source>
        <translation>The record was deleted.</translation>
    </message>
    <message>
        <source>Ångra</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>Ångra borttagningen</source>
        <translation>Undo the deletion</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <source>Fältlogg är låst</source>
        <translation>Fältlogg is locked</translation>
    </message>
    <message>
        <source>Skriv din lösenfras för att låsa upp.</source>
        <translation>Enter your passphrase to unlock.</translation>
    </message>
    <message>
        <source>Lösenfras</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Lås upp</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>%1s surfplatta</source>
        <translation>%1&apos;s tablet</translation>
    </message>
    <message>
        <source>Allt är skickat till servern.</source>
        <translation>Everything has been sent to the server.</translation>
    </message>
    <message>
        <source>1 registrering är inte skickad än.</source>
        <translation>1 record has not been sent yet.</translation>
    </message>
    <message>
        <source>%1 registreringar är inte skickade än.</source>
        <translation>%1 records have not been sent yet.</translation>
    </message>
    <message>
        <source>Skriv din PIN-kod (6 siffror) för att låsa upp.</source>
        <translation>Enter your PIN (6 digits) to unlock.</translation>
    </message>
    <message>
        <source>PIN-kod</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Använd lösenfrasen i stället</source>
        <translation>Use the passphrase instead</translation>
    </message>
    <message>
        <source>Låser upp …</source>
        <translation>Unlocking …</translation>
    </message>
</context>
</TS>
