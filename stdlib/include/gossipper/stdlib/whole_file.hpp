//===- whole_file.hpp - A file written whole, or not at all ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The files gossipper report and summary merge read, read whole.
//
// End-of-run files (-summary_json, -junit, gossipper report's page) are read
// by CI jobs and dashboards: a run killed while writing one, or a disk that
// fills, must leave the previous complete file or none, never half of one.
// So the text goes to a temporary name beside the file, is synced, and is
// renamed over it. A path that is not a regular file (/dev/stdout, a pipe)
// or is a symbolic link is written in place: renaming would replace the
// device or the link itself.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <string>
#include <string_view>

namespace gossipper::stdlib {

/// The whole of `path`; the error is strerror's text.
Expected<std::string> read_whole_file(const std::string &path);

/// `text` as the whole of `path`; the error is strerror's text.
Expected<void> write_whole_file(const std::string &path, std::string_view text);

} // namespace gossipper::stdlib
