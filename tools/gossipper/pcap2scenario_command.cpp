//===- pcap2scenario_command.cpp - gossipper pcap2scenario ----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Converts a capture (runtime's convert_capture_file), checks each scenario
// it wrote with the front end as `gossipper check` would, and only then puts
// the files in the output directory: each is written under a temporary name
// first and all are renamed at the end, so a failure leaves nothing
// half-written.
//
//===----------------------------------------------------------------------===//
#include "commands.hpp"
#include "diagnostic_output.hpp"

#include "gossipper/compiler/frontend.hpp"
#include "gossipper/runtime/capture_conversion.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace gossipper::tools {
namespace {

namespace fs = std::filesystem;

/// Every scenario of the conversion through the front end; false (the
/// diagnostics written) when one has an error.
bool scenarios_verify(const runtime::CaptureConversion &conversion, std::ostream &err) {
  bool ok = true;
  for (const runtime::ConvertedFile &file : conversion.files) {
    if (!file.name.ends_with(".xml")) {
      continue;
    }
    ir::DiagnosticEngine diags(file.name);
    compiler::FrontendOptions options;
    (void)compiler::compile_source(compiler::SourceBuffer(file.name, file.content), options, diags);
    if (diags.has_errors()) {
      err << "gossipper pcap2scenario: internal error: the scenario written for " << file.name
          << " does not verify:\n";
      write_text(err, diags);
      ok = false;
    }
  }
  return ok;
}

/// Writes `content` to `path` entirely or not at all.
bool write_file(const fs::path &path, const std::string &content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  return static_cast<bool>(out);
}

bool write_all(const runtime::CaptureConversion &conversion, const fs::path &dir,
               std::ostream &err) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    err << "gossipper pcap2scenario: cannot create " << dir.string() << ": " << ec.message()
        << '\n';
    return false;
  }
  const std::string suffix = ".tmp" + std::to_string(getpid());
  std::vector<fs::path> temporaries;
  auto remove_temporaries = [&] {
    for (const fs::path &t : temporaries) {
      fs::remove(t, ec);
    }
  };
  for (const runtime::ConvertedFile &file : conversion.files) {
    const fs::path temporary = dir / ("." + file.name + suffix);
    temporaries.push_back(temporary);
    if (!write_file(temporary, file.content)) {
      err << "gossipper pcap2scenario: cannot write " << temporary.string() << '\n';
      remove_temporaries();
      return false;
    }
  }
  for (size_t i = 0; i < conversion.files.size(); ++i) {
    fs::rename(temporaries[i], dir / conversion.files[i].name, ec);
    if (ec) {
      err << "gossipper pcap2scenario: cannot rename " << temporaries[i].string() << ": "
          << ec.message() << '\n';
      remove_temporaries();
      return false;
    }
  }
  return true;
}

} // namespace

int run_pcap2scenario(const Pcap2ScenarioOptions &opts, std::ostream &out, std::ostream &err) {
  runtime::CaptureConversionOptions options;
  options.call_id = opts.call_id;
  Expected<runtime::CaptureConversion> conversion =
      runtime::convert_capture_file(opts.capture, options);
  if (!conversion) {
    err << "gossipper pcap2scenario: " << conversion.error().message << '\n';
    return 1;
  }
  for (const std::string &line : conversion->report) {
    out << line << '\n';
  }
  if (!scenarios_verify(*conversion, err) || !write_all(*conversion, opts.output, err)) {
    err << "gossipper pcap2scenario: nothing written\n";
    return 1;
  }
  for (const runtime::ConvertedFile &file : conversion->files) {
    out << "wrote " << (fs::path(opts.output) / file.name).string() << '\n';
  }
  return 0;
}

} // namespace gossipper::tools
