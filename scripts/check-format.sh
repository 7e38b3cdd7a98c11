#!/usr/bin/env bash
# Every C++ source and header must be exactly what clang-format writes (.clang-format at the root),
# except the files listed in scripts/format-pending.txt, which predate this check. The list only
# shrinks: a listed file that is already formatted fails the check as well, so it comes off the list.
#   Format a file: clang-format -i FILE      Format what you changed: git clang-format
set -euo pipefail
cd "$(dirname "$0")/.."
pending_list=scripts/format-pending.txt
declare -A pending=()
while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] || pending["$line"]=1
done <"$pending_list"

failures=0
checked=0
while IFS= read -r -d '' file; do
  checked=$((checked + 1))
  if clang-format --dry-run --Werror "$file" >/dev/null 2>&1; then
    if [[ -n "${pending[$file]:-}" ]]; then
      echo "check-format: $file is formatted now: remove it from $pending_list" >&2
      failures=$((failures + 1))
    fi
  elif [[ -z "${pending[$file]:-}" ]]; then
    echo "check-format: $file is not clang-formatted (clang-format -i $file)" >&2
    failures=$((failures + 1))
  fi
done < <(git ls-files -z '*.cpp' '*.h')
for file in "${!pending[@]}"; do
  [[ -e "$file" ]] || { echo "check-format: $file is listed in $pending_list but does not exist" >&2; failures=$((failures + 1)); }
done
if ((failures > 0)); then exit 1; fi
echo "check-format: $checked files, $((checked - ${#pending[@]})) formatted, ${#pending[@]} pending"
