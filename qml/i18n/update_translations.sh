#!/usr/bin/env bash
# Refreshes faltlogg_en.ts from the QML pages and the C++ models, keeping existing translations.
# lupdate's own C++ parser does not follow `namespace faltlogg::client {`, so the contexts of the
# models' tr() calls are qualified afterwards to match their metaObject class names.
set -euo pipefail
cd "$(dirname "$0")/../.."
ts=qml/i18n/faltlogg_en.ts
classes="Session SyncStatus RecordDraft TeamReviewModel QrScanner"
# Back to lupdate's names first, so existing translations are matched and kept.
for cls in $classes; do
  sed -i "s|<name>faltlogg::client::${cls}</name>|<name>${cls}</name>|" "$ts"
done
/usr/lib/qt6/bin/lupdate qml/*.qml client/models/*.cpp client/models/*.hpp -ts "$ts" \
  -no-obsolete -locations none -source-language sv_SE -target-language en_GB
for cls in $classes; do
  sed -i "s|<name>${cls}</name>|<name>faltlogg::client::${cls}</name>|" "$ts"
done
echo "untranslated: $(grep -c 'type="unfinished"' "$ts" || true)"
