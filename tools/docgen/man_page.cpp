//===- man_page.cpp - gossipper(1), the manual page -----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The manual page the package installs (section 1, roff's man macros): the
// commands and the rest are written here briefly, the options of
// `gossipper sipp` come from its option table, a section per section of
// `gossipper sipp -h`, so the page cannot list an option the build lacks or
// miss one it has. The build writes it; nothing is committed.
//
//===----------------------------------------------------------------------===//
#include "documents.hpp"

#include "../gossipper/sipp_option_table.hpp"

namespace gossipper::docgen {
namespace {

/// Text as roff shows it: a backslash is \e, a '-' is \- (a minus, which
/// copies and searches as '-'), and a line never starts with roff's control
/// characters.
std::string roff_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) {
    out.insert(0, "\\&");
  }
  return out;
}

/// "\fB-a\fR \fIX\fR, \fB-b\fR \fIX\fR": names bold, values italic.
std::string roff_names(const tools::SippOption &o) {
  std::string out;
  for (std::string_view name : o.names) {
    out += (out.empty() ? "\\fB\\-" : ", \\fB\\-") + roff_text(name) + "\\fR";
    if (!o.help.placeholder.empty()) {
      out += " \\fI" + roff_text(o.help.placeholder) + "\\fR";
    }
  }
  return out;
}

/// The help's wrapped lines as one paragraph (roff fills it again).
std::string paragraph(const std::vector<std::string_view> &lines) {
  std::string out;
  for (std::string_view line : lines) {
    if (!line.empty()) {
      out += (out.empty() ? "" : " ") + std::string(line);
    }
  }
  return roff_text(out);
}

/// One section of options: an entry per help entry, its joined and in-text
/// options named in its heading (their text is the entry's).
void write_option_section(tools::HelpSection section, std::ostream &out) {
  out << ".SS \"" << tools::help_section_title(section) << "\"\n";
  const std::vector<tools::SippOption> &table = tools::sipp_option_table();
  for (size_t i = 0; i < table.size(); ++i) {
    const tools::SippOption &o = table[i];
    if (o.help.section != section || o.help.layout != tools::HelpLayout::Own) {
      continue;
    }
    std::string heading = roff_names(o);
    for (size_t j = i + 1; j < table.size() && table[j].help.layout != tools::HelpLayout::Own;
         ++j) {
      heading += ", " + roff_names(table[j]);
    }
    out << ".TP\n" << heading << "\n" << paragraph(o.help.lines) << "\n";
  }
}

constexpr std::string_view kHead = R"(.SH NAME
gossipper \- a SIPp\-compatible SIP load generator whose scenarios are compiled
.SH SYNOPSIS
.nf
\fBgossipper sipp\fR [\fIremote_host\fR[:\fIremote_port\fR]] [\fIoptions\fR]
\fBgossipper run\fR [\fB\-\-trust\fR] \fIFILE.gso\fR [\fIoptions\fR]
\fBgossipper check\fR [\fB\-\-format\fR json] [\fB\-\-Werror\fR] \fIFILE\fR...
\fBgossipper compile\fR [\fB\-\-emit\-ir\fR|\fB\-\-emit\-ast\fR|\fB\-\-emit\-llvm\fR] [\fB\-o\fR \fIFILE\fR] (\fIFILE\fR | \fB\-\-sn\fR \fINAME\fR)
\fBgossipper server\fR \fB\-config\fR \fIPROFILE.json\fR [\fIoptions\fR]
\fBgossipper report\fR \fISUMMARY.json\fR \fB\-o\fR \fIPAGE.html\fR
\fBgossipper summary merge\fR \fISUMMARY.json\fR... \fB\-o\fR \fIALL.json\fR
\fBgossipper pcap2scenario\fR \fICAPTURE\fR \fB\-o\fR \fIDIR\fR
\fBgossipper cli\fR [\fISCRIPT\fR]
\fBgossipper tui\fR [\fB\-\-api\fR \fIHOST:PORT\fR [\fB\-\-token\fR \fITOKEN\fR]]
\fBgossipper \-\-version\fR | \fB\-\-help\fR
.fi
.SH DESCRIPTION
Gossipper runs SIPp's XML scenarios and command lines unchanged; it
compiles each scenario to native code before the first call. Options take
one dash or two, as in SIPp; times take SIPp's units (ms, s, m, h).
.SH COMMANDS
.TP
.B sipp
Run a test with SIPp's command line (the options below).
.TP
.B run
Run a precompiled scenario (\fBgossipper compile \-o\fR \fIFILE.gso\fR) with
SIPp's command line.
.TP
.B check
Validate scenarios: every problem as \fIfile:line:col\fR; exit 1 if one has
an error.
.TP
.B compile
Print a stage of the compiler, or with \fB\-o\fR \fIFILE.gso\fR precompile a
scenario.
.TP
.B server
Run a UAS and clients from a JSON profile, with the HTTP API over them;
SIGHUP reads the profile again, SIGTERM stops every run.
.TP
.B report
Write a run's HTML page from its \fB\-summary_json\fR file.
.TP
.B summary merge
Merge the \fB\-summary_json\fR files of the shards of one run into one.
.TP
.B pcap2scenario
Write a UAC and a UAS scenario from a SIP capture.
.TP
.B cli
A command shell that sets options, runs tests in the background and drives
them, or drives a remote run's API.
.TP
.B tui
A full\-screen launcher and live dashboard.
.SH "OPTIONS OF GOSSIPPER SIPP AND GOSSIPPER RUN"
)";

constexpr std::string_view kTail = R"(.SH ENVIRONMENT
.TP
.B GOSSIPPER_CACHE_DIR
Where compiled scenarios are cached (default \fI$XDG_CACHE_HOME/gossipper\fR,
else \fI~/.cache/gossipper\fR).
.TP
.B JOB_COMPLETION_INDEX\fR, \fBGOSSIPPER_SHARDS
Without \fB\-shard\fR, this process is shard \fBJOB_COMPLETION_INDEX\fR (set by
a Kubernetes Indexed Job) of \fB\-shards\fR, else \fBGOSSIPPER_SHARDS\fR.
.SH "EXIT STATUS"
As SIPp's: 0 when every call succeeded, 1 when some failed (or a bad option
or scenario, before any traffic), 97 when stopped by an internal command or
\fB\-timeout\fR before a call succeeded, 99 for \fB\-h\fR, \fB\-v\fR and
\fB\-sd\fR, 254 when a port cannot be bound, 255 for a fatal error.
.SH FILES
.TP
.I ~/.config/gossipper/
Settings and the recent runs of \fBgossipper tui\fR and \fBgossipper cli\fR
(\fI$XDG_CONFIG_HOME/gossipper\fR when set).
.SH "SEE ALSO"
.BR sipp (1)
.PP
The documents in \fI/usr/share/doc/gossipper\fR and the project's docs/
folder: cli.md, server.md, kubernetes.md.
)";

} // namespace

void write_man_page(std::string_view version, std::ostream &out) {
  out << ".TH GOSSIPPER 1 \"\" \"gossipper " << roff_text(version) << "\" \"User Commands\"\n"
      << kHead;
  for (tools::HelpSection section : tools::kHelpSections) {
    write_option_section(section, out);
  }
  out << kTail;
}

} // namespace gossipper::docgen
