#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The object tables of docs/model_<name>.md are what `meter_server --model
# <name> --list-objects` prints (the lines between the two markers): this
# fails when a model's table file and its page differ.
#   check_docs.sh METER_SERVER DOCS_DIR [update]
set -eu
bin=$1
docs=$2
mode=${3:-check}
begin='<!-- objects: meter_server --list-objects -->'
end='<!-- end objects -->'
status=0
for model in demo ion metercom-pro; do
    page="$docs/model_$model.md"
    table=$(mktemp)
    "$bin" --model "$model" --list-objects > "$table"
    if [ "$mode" = update ]; then
        awk -v b="$begin" -v e="$end" -v t="$table" '
            $0 == b { print; while ((getline l < t) > 0) print l; skip = 1; next }
            $0 == e { skip = 0 }
            !skip { print }' "$page" > "$page.new" && mv "$page.new" "$page"
    else
        if ! awk -v b="$begin" -v e="$end" '$0 == e { on = 0 } on { print } $0 == b { on = 1 }' \
                "$page" | diff -u - "$table"; then
            echo "check_docs: $page differs from --model $model --list-objects" >&2
            status=1
        fi
    fi
    rm -f "$table"
done
exit $status
