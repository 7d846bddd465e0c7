// Writing a report file safely: a temporary file beside the target, then rename, so a reader
// (node_exporter's textfile collector, a CI step) never sees a partial report, and pinprobe,
// often run as root from cron, never writes through a planted symlink or replaces a file that
// is not a report (a FIFO, /dev/null, a directory).
//
// What each kind of existing target gets:
//   missing             created: temp file + rename, mode 0666 & ~umask like a normal create
//   regular file        replaced: temp file + rename, the old file's permission bits kept
//                       (setuid/setgid dropped); the owner becomes the writing user
//   symbolic link       decided by what it points to: a terminal or the null device is written
//                       to; any other non-regular file is refused; a regular file or nothing
//                       (dangling) gets the link itself replaced by the new file (the
//                       rename(2) behaviour of ccache's AtomicFile): the link's target is
//                       never written through
//   terminal, /dev/null written to directly, no temp file
//   anything else       refused (FIFO, socket, block or other character device, directory)
//
// The temp file is DIR/.NAME.pinprobe-XXXXXX (6 random [A-Za-z0-9]) created with
// O_CREAT|O_EXCL|O_NOFOLLOW, so a file or symlink already at that name is never opened: another
// name is drawn. It is removed on every error and on SIGINT/SIGTERM/SIGHUP during the write.
// A SIGKILL cannot be cleaned up: the next successful write of the same NAME removes its stale
// temp files that are regular files owned by the effective user and older than a minute.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace probe::report {

// Whether `path` can take a report, checked before any probing: "-" (stdout) is fine; the
// directory must exist, be a directory and be writable; an existing target must be a regular
// file, a terminal, the null device or a symlink that write_atomically accepts (see above).
// Fails (io) with "<path>: cannot create: <reason>" or "<path>: refusing to replace ...".
core::Result<void> check_output_target(const std::string& path);

// Writes `bytes` to `path` as described above (`path` "-" is not special here: the caller,
// cli::emit, sends "-" to stdout). On failure nothing is left behind and an existing `path`
// is untouched; fails (io) naming the path and the operation.
core::Result<void> write_atomically(const std::string& path, std::string_view bytes);

// The stale-temp age: temp files older than this are removed by the next successful write.
inline constexpr int k_stale_temp_seconds = 60;

namespace detail {
// write_atomically with the temp names' random part drawn from `next_suffix` (tests plant
// files at the names it will return). Each call must return 6 characters of [A-Za-z0-9].
core::Result<void> write_atomically(const std::string& path, std::string_view bytes,
                                    const std::function<std::string()>& next_suffix);
// The temp file name for target base name `name` and random part `suffix`.
std::string temp_name(std::string_view name, std::string_view suffix);
}  // namespace detail

}  // namespace probe::report
