<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="sv_SE">
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
    <name>RecordDelegate</name>
    <message>
        <source>Behöver rättas</source>
        <translation>Needs correction</translation>
    </message>
    <message>
        <source>Kan inte läsas</source>
        <translation>Unreadable</translation>
    </message>
    <message>
        <source>Väntar</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Synkad ✓</source>
        <translation>Synced ✓</translation>
    </message>
    <message>
        <source>Godkänd</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Behöver ändras</source>
        <translation>Changes requested</translation>
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
        <source>Väntar på synk</source>
        <translation>Waiting to sync</translation>
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
</context>
<context>
    <name>faltlogg::client::Session</name>
    <message>
        <source>Lås upp appen först.</source>
        <translation>Unlock the app first.</translation>
    </message>
    <message>
        <source>Den här surfplattan har spärrats av administratören och datan är raderad.</source>
        <translation>The administrator has blocked this tablet and its data has been erased.</translation>
    </message>
    <message>
        <source>Ingen server är ansluten på den här surfplattan. Logga ut och logga in igen.</source>
        <translation>No server is connected on this tablet. Sign out and sign in again.</translation>
    </message>
    <message>
        <source>Serverns adress ska börja med https://</source>
        <translation>The server&apos;s address must start with https://</translation>
    </message>
    <message>
        <source>Ange filen med serverns CA-certifikat. Den här versionen har inget inbyggt.</source>
        <translation>Give the file with the server&apos;s CA certificate. This version has none built in.</translation>
    </message>
    <message>
        <source>Inloggningen misslyckades.</source>
        <translation>Signing in failed.</translation>
    </message>
    <message>
        <source>För många felaktiga försök. Datan på surfplattan är raderad; logga in igen.</source>
        <translation>Too many wrong attempts. The data on this tablet has been erased; sign in again.</translation>
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
        <source>Logga ut och radera datan på surfplattan</source>
        <translation>Sign out and erase the data on this tablet</translation>
    </message>
    <message>
        <source>Logga ut?</source>
        <translation>Sign out?</translation>
    </message>
    <message numerus="yes">
        <source>%n registrering(ar) är inte synkade och försvinner om du loggar ut nu. Synka först om du kan.</source>
        <translation>
            <numerusform>%n record has not been synced and will be lost if you sign out now. Sync first if you can.</numerusform>
            <numerusform>%n records have not been synced and will be lost if you sign out now. Sync first if you can.</numerusform>
        </translation>
    </message>
    <message>
        <source>Datan på surfplattan raderas. Allt är synkat.</source>
        <translation>The data on this tablet will be erased. Everything is synced.</translation>
    </message>
</context>
<context>
    <name>SetupPage</name>
    <message>
        <source>Kom igång</source>
        <translation>Get started</translation>
    </message>
    <message>
        <source>1. Server och konto</source>
        <translation>1. Server and account</translation>
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
        <source>Serverns CA-certifikat (fil)</source>
        <translation>Server&apos;s CA certificate (file)</translation>
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
        <source>Lösenfrasen skyddar datan på surfplattan. Den kan inte återställas: glömmer du den loggar du in på nytt och det som inte är synkat går förlorat.</source>
        <translation>The passphrase protects the data on this tablet. It cannot be recovered: if you forget it you sign in again and whatever has not been synced is lost.</translation>
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
        <source>Synkad ✓ %1</source>
        <translation>Synced ✓ %1</translation>
    </message>
    <message>
        <source>Inte synkad än</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <source>Allt är sparat på surfplattan och skickas när nätet är tillbaka.</source>
        <translation>Everything is saved on the tablet and will be sent when the network is back.</translation>
    </message>
    <message numerus="yes">
        <source>%n registrering(ar) behöver rättas.</source>
        <translation>
            <numerusform>%n record needs correcting.</numerusform>
            <numerusform>%n records need correcting.</numerusform>
        </translation>
    </message>
    <message>
        <source>Försök igen om en stund. Hjälper inte det, kontakta systemförvaltaren.</source>
        <translation>Try again in a while. If that does not help, contact the system administrator.</translation>
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
</context>
</TS>
