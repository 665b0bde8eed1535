//===- scenario_schema.cpp - The SIPp scenario language as data -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Facts from SIPp's documentation and its scenario loader (3.6.1 and later),
// written down as tables.
//
//===----------------------------------------------------------------------===//
#include "gossipper/compiler/scenario_schema.hpp"

#include <array>

namespace gossipper::compiler {
namespace {

using A = AttrType;
using O = Origin;
using sv = std::string_view;

constexpr std::array<sv, 3> kOptionalChoices{"true", "false", "global"};
constexpr std::array<sv, 4> kSearchIn{"msg", "hdr", "body", "var"};
constexpr std::array<sv, 6> kCompare{"equal",     "not_equal",          "greater_than",
                                     "less_than", "greater_than_equal", "less_than_equal"};
constexpr std::array<sv, 3> kIntCmd{"stop_call", "stop_gracefully", "stop_now"};
constexpr std::array<sv, 10> kDistributions{"fixed",   "uniform", "normal", "lognormal",
                                            "exponential", "weibull", "pareto", "gpareto",
                                            "gamma",   "negbin"};
constexpr std::array<sv, 6> kDefaultMessages{"3pcc_abort", "ack", "ack2", "bye", "cancel", "200"};

constexpr AttrSpec kCommon[] = {
    {"start_rtd", A::Rtd, false, {}, O::Sipp361, "start the named response-time timer"},
    {"rtd", A::Rtd, false, {}, O::Sipp361, "stop the named response-time timer"},
    {"repeat_rtd", A::Bool, false, {}, O::Sipp361, "count the RTD each time, not only the first"},
    {"counter", A::Counter, false, {}, O::Sipp361, "increment a custom counter"},
    {"crlf", A::Presence, false, {}, O::Sipp361, "blank line after this row on the screen"},
    {"hide", A::Bool, false, {}, O::Sipp361, "hide this row on the screen"},
    {"hiderest", A::Bool, false, {}, O::Sipp361, "default for hide= on the following commands"},
    {"display", A::Text, false, {}, O::Sipp361, "text shown on the screen row"},
    {"next", A::Label, false, {}, O::Sipp361, "jump to a label after this command"},
    {"test", A::Variable, false, {}, O::Sipp361, "only jump when this variable is set"},
    {"chance", A::Number, false, {}, O::Sipp361, "probability (0-1) of taking next="},
    {"ontimeout", A::Label, false, {}, O::Sipp361, "label to jump to on timeout"},
    {"condexec", A::Variable, false, {}, O::Sipp361, "run only when the variable is set"},
    {"condexec_inverse", A::Bool, false, {}, O::Sipp361, "run only when it is not set"},
    {"lost", A::Number, false, {}, O::Sipp361, "percentage of messages to drop on purpose"},
    {"ignoresdp", A::Bool, false, {}, O::Sipp361, "do not look at the SDP of this message"},
};

constexpr AttrSpec kScenario[] = {{"name", A::Text, false, {}, O::Sipp361, "shown on the screen"}};

constexpr AttrSpec kSend[] = {
    {"retrans", A::Integer, false, {}, O::Sipp361, "UDP retransmission timer T1 in ms"},
    {"timeout", A::Integer, false, {}, O::Sipp361, "send timeout in ms"},
    {"start_txn", A::Text, false, {}, O::Sipp361, "name the transaction this request starts"},
    {"ack_txn", A::Text, false, {}, O::Sipp361, "this ACK acknowledges that transaction"},
};

constexpr AttrSpec kRecv[] = {
    {"response", A::Text, false, {}, O::Sipp361, "expected status code"},
    {"request", A::Text, false, {}, O::Sipp361, "expected method"},
    {"optional", A::Choice, false, kOptionalChoices, O::Sipp361, "true, false or global"},
    {"advance_state", A::Bool, false, {}, O::Sipp361, "false: an optional message that does not move the call on"},
    {"regexp_match", A::Bool, false, {}, O::Sipp361, "request= (and, in newer SIPp, response=) is a regex"},
    {"timeout", A::Integer, false, {}, O::Sipp361, "receive timeout in ms"},
    {"rrs", A::Bool, false, {}, O::Sipp361, "record the route set ([routes], [next_url])"},
    {"auth", A::Bool, false, {}, O::Sipp361, "store the challenge for [authentication]"},
    {"response_txn", A::Text, false, {}, O::Sipp361, "this response belongs to that transaction"},
};

// The distribution parameters, for <pause>, <timewait> and the sample action.
#define GOSSIPPER_DISTRIBUTION_PARAMS                                                              \
  {"value", A::Number, false, {}, O::Sipp361, "fixed: the value"},                                 \
      {"min", A::Number, false, {}, O::Sipp361, "uniform: lower bound"},                           \
      {"max", A::Number, false, {}, O::Sipp361, "uniform: upper bound"},                           \
      {"mean", A::Number, false, {}, O::Sipp361, "normal, lognormal, exponential: mean"},          \
      {"stdev", A::Number, false, {}, O::Sipp361, "normal, lognormal: standard deviation"},        \
      {"lambda", A::Number, false, {}, O::Sipp361, "weibull: scale"},                              \
      {"k", A::Number, false, {}, O::Sipp361, "weibull, pareto, gamma: shape"},                    \
      {"x_m", A::Number, false, {}, O::Sipp361, "pareto: scale"},                                  \
      {"shape", A::Number, false, {}, O::Sipp361, "gpareto: shape"},                               \
      {"scale", A::Number, false, {}, O::Sipp361, "gpareto: scale"},                               \
      {"location", A::Number, false, {}, O::Sipp361, "gpareto: location"},                         \
      {"theta", A::Number, false, {}, O::Sipp361, "gamma: scale"},                                 \
      {"n", A::Number, false, {}, O::Sipp361, "negbin: number of successes"},                      \
      {"p", A::Number, false, {}, O::Sipp361, "negbin: probability"}

constexpr AttrSpec kPause[] = {
    {"milliseconds", A::Number, false, {}, O::Sipp361, "fixed pause length"},
    {"variable", A::Variable, false, {}, O::Sipp361, "pause for the value of this variable (ms)"},
    {"distribution", A::Choice, false, kDistributions, O::Sipp361, "random pause length"},
    GOSSIPPER_DISTRIBUTION_PARAMS,
    {"sanity_check", A::Bool, false, {}, O::Sipp361, "refuse distributions whose p99 exceeds INT_MAX"},
    // The old way of choosing a distribution: the attribute's presence names it.
    {"normal", A::Presence, false, {}, O::Sipp361, "old style for distribution=\"normal\""},
    {"exponential", A::Presence, false, {}, O::Sipp361, "old style for distribution=\"exponential\""},
    {"lognormal", A::Presence, false, {}, O::Sipp361, "old style for distribution=\"lognormal\""},
    {"weibull", A::Presence, false, {}, O::Sipp361, "old style for distribution=\"weibull\""},
    {"pareto", A::Presence, false, {}, O::Sipp361, "old style for distribution=\"pareto\""},
    {"gamma", A::Presence, false, {}, O::Sipp361, "old style for distribution=\"gamma\""},
};

constexpr AttrSpec kSendCmd[] = {
    {"dest", A::Text, false, {}, O::Sipp361, "extended 3PCC: peer to send to"}};
constexpr AttrSpec kRecvCmd[] = {
    {"src", A::Text, false, {}, O::Sipp361, "extended 3PCC: peer expected to send"},
    {"optional", A::Choice, false, kOptionalChoices, O::Sipp361, "true, false or global"},
};
constexpr AttrSpec kLabel[] = {{"id", A::Text, true, {}, O::Sipp361, "label name"}};
constexpr AttrSpec kVariables[] = {
    {"variables", A::VariableList, true, {}, O::Sipp361, "comma-separated names"}};
constexpr AttrSpec kDefaultMessage[] = {
    {"id", A::Choice, true, kDefaultMessages, O::Sipp361, "which built-in message to replace"}};
constexpr AttrSpec kRepartition[] = {
    {"value", A::IntegerList, true, {}, O::Sipp361, "bucket bounds in ms"}};

// Actions.
constexpr AttrSpec kEreg[] = {
    {"regexp", A::Regex, true, {}, O::Sipp361, "POSIX extended regular expression"},
    {"search_in", A::Choice, false, kSearchIn, O::Sipp361, "msg (default), hdr, body or var"},
    {"header", A::Text, false, {}, O::Sipp361, "header name for search_in=\"hdr\""},
    {"occurrence", A::Integer, false, {}, O::Sipp361, "which occurrence of the header"},
    {"occurence", A::Integer, false, {}, O::Sipp361, "old spelling of occurrence"},
    {"case_indep", A::Bool, false, {}, O::Sipp361, "case-insensitive header name"},
    {"start_line", A::Bool, false, {}, O::Sipp361, "search only the start of the header"},
    {"check_it", A::Bool, false, {}, O::Sipp361, "fail the call when it does not match"},
    {"check_it_inverse", A::Bool, false, {}, O::Sipp361, "fail the call when it matches"},
    {"assign_to", A::VariableList, true, {}, O::Sipp361, "whole match, then sub-expressions"},
    {"variable", A::Variable, false, {}, O::Sipp361, "variable to search with search_in=\"var\""},
};
constexpr AttrSpec kMessage[] = {{"message", A::Template, true, {}, O::Sipp361, "text (keywords allowed)"}};
constexpr AttrSpec kArithmetic[] = {
    {"assign_to", A::Variable, true, {}, O::Sipp361, "target variable"},
    {"value", A::Number, false, {}, O::Sipp361, "a number"},
    {"variable", A::Variable, false, {}, O::Sipp361, "or a variable"},
};
constexpr AttrSpec kAssignStr[] = {
    {"assign_to", A::Variable, true, {}, O::Sipp361, "target variable"},
    {"value", A::Template, true, {}, O::Sipp361, "text (keywords allowed)"},
};
constexpr AttrSpec kGetTimeOfDay[] = {
    {"assign_to", A::VariableList, true, {}, O::Sipp361, "seconds,microseconds"}};
constexpr AttrSpec kIndex[] = {{"assign_to", A::Variable, true, {}, O::Sipp361, "target variable"}};
constexpr AttrSpec kJump[] = {
    {"value", A::Number, false, {}, O::Sipp361, "state index"},
    {"variable", A::Variable, false, {}, O::Sipp361, "or a variable holding it"},
};
constexpr AttrSpec kSample[] = {
    {"assign_to", A::Variable, true, {}, O::Sipp361, "target variable"},
    {"distribution", A::Choice, true, kDistributions, O::Sipp361, "distribution to sample"},
    GOSSIPPER_DISTRIBUTION_PARAMS,
};
constexpr AttrSpec kToDouble[] = {
    {"assign_to", A::Variable, true, {}, O::Sipp361, "target variable"},
    {"variable", A::Variable, true, {}, O::Sipp361, "string variable to convert"},
};
constexpr AttrSpec kTest[] = {
    {"assign_to", A::Variable, false, {}, O::Sipp361, "boolean result"},
    {"variable", A::Variable, true, {}, O::Sipp361, "left-hand side"},
    {"value", A::Number, false, {}, O::Sipp361, "right-hand number"},
    {"variable2", A::Variable, false, {}, O::Sipp361, "or right-hand variable"},
    {"compare", A::Choice, true, kCompare, O::Sipp361, "comparison"},
    {"check_it", A::Bool, false, {}, O::Sipp361, "fail the call when false"},
    {"check_it_inverse", A::Bool, false, {}, O::Sipp361, "fail the call when true"},
};
constexpr AttrSpec kStrcmp[] = {
    {"assign_to", A::Variable, false, {}, O::Sipp361, "-1, 0 or 1"},
    {"variable", A::Variable, true, {}, O::Sipp361, "left-hand side"},
    {"value", A::Text, false, {}, O::Sipp361, "right-hand text"},
    {"variable2", A::Variable, false, {}, O::Sipp361, "or right-hand variable"},
    {"check_it", A::Bool, false, {}, O::Sipp361, "fail the call when different"},
    {"check_it_inverse", A::Bool, false, {}, O::Sipp361, "fail the call when equal"},
};
constexpr AttrSpec kTrim[] = {{"assign_to", A::Variable, true, {}, O::Sipp361, "variable to trim"}};
constexpr AttrSpec kUrlCoding[] = {
    {"variable", A::Variable, true, {}, O::SippHead, "variable rewritten in place"}};
constexpr AttrSpec kVerifyAuth[] = {
    {"assign_to", A::Variable, true, {}, O::Sipp361, "true when the credentials check"},
    {"username", A::Template, true, {}, O::Sipp361, "expected user"},
    {"password", A::Template, true, {}, O::Sipp361, "expected password"},
};
constexpr AttrSpec kLookup[] = {
    {"assign_to", A::Variable, true, {}, O::Sipp361, "line number found"},
    {"file", A::Template, true, {}, O::Sipp361, "injection file (with -infindex)"},
    {"key", A::Template, true, {}, O::Sipp361, "key to look up"},
};
constexpr AttrSpec kInsert[] = {
    {"file", A::Template, true, {}, O::Sipp361, "injection file"},
    {"value", A::Template, true, {}, O::Sipp361, "line to add"},
};
constexpr AttrSpec kReplace[] = {
    {"file", A::Template, true, {}, O::Sipp361, "injection file"},
    {"line", A::Template, true, {}, O::Sipp361, "line number"},
    {"value", A::Template, true, {}, O::Sipp361, "new line"},
};
constexpr AttrSpec kSetDest[] = {
    {"host", A::Template, true, {}, O::Sipp361, "new destination host"},
    {"port", A::Template, true, {}, O::Sipp361, "new destination port"},
    {"protocol", A::Template, true, {}, O::Sipp361, "must match the transport"},
};
constexpr AttrSpec kExec[] = {
    {"command", A::Template, false, {}, O::Sipp361, "shell command, run in the background"},
    {"int_cmd", A::Choice, false, kIntCmd, O::Sipp361, "stop_call, stop_gracefully or stop_now"},
    {"play_pcap_audio", A::Text, false, {}, O::Sipp361, "replay the RTP of a pcap file"},
    {"play_pcap_image", A::Text, false, {}, O::Sipp361, "replay image (T.38) packets"},
    {"play_pcap_video", A::Text, false, {}, O::Sipp361, "replay video packets"},
    {"play_dtmf", A::Template, false, {}, O::Sipp361, "send RFC 2833 digits"},
    {"rtp_stream", A::Text, false, {}, O::Sipp361, "file,loops,payload; apattern/vpattern,id,payload"},
    {"rtp_echo", A::Text, false, {}, O::SippHead, "startaudio, stopaudio, ..."},
};
constexpr AttrSpec kRtpEcho[] = {
    {"value", A::Number, false, {}, O::Sipp361, "1 to echo, 0 to stop"},
    {"variable", A::Variable, false, {}, O::Sipp361, "or a variable"},
};

constexpr ElementSpec kElements[] = {
    {"scenario", ElementContext::Root, kScenario, false, Cdata::None, O::Sipp361, "the whole scenario"},
    {"send", ElementContext::TopLevel, kSend, true, Cdata::Required, O::Sipp361, "send a SIP message"},
    {"recv", ElementContext::TopLevel, kRecv, true, Cdata::None, O::Sipp361, "wait for a SIP message"},
    {"pause", ElementContext::TopLevel, kPause, true, Cdata::None, O::Sipp361, "wait a while"},
    {"timewait", ElementContext::TopLevel, kPause, true, Cdata::None, O::Sipp361,
     "last pause: the call already counts as successful"},
    {"nop", ElementContext::TopLevel, {}, true, Cdata::None, O::Sipp361, "run actions only"},
    {"sendCmd", ElementContext::TopLevel, kSendCmd, true, Cdata::Required, O::Sipp361,
     "send a 3PCC command to the twin instance"},
    {"recvCmd", ElementContext::TopLevel, kRecvCmd, true, Cdata::None, O::Sipp361,
     "wait for a 3PCC command"},
    {"label", ElementContext::TopLevel, kLabel, false, Cdata::None, O::Sipp361, "jump target"},
    {"init", ElementContext::TopLevel, {}, false, Cdata::None, O::Sipp361,
     "<nop> and <label> run once before the first call"},
    {"Global", ElementContext::TopLevel, kVariables, false, Cdata::None, O::Sipp361,
     "variables shared by all calls"},
    {"User", ElementContext::TopLevel, kVariables, false, Cdata::None, O::Sipp361,
     "variables per -users user"},
    {"Reference", ElementContext::TopLevel, kVariables, false, Cdata::None, O::Sipp361,
     "variables used once on purpose"},
    {"DefaultMessage", ElementContext::TopLevel, kDefaultMessage, false, Cdata::Required,
     O::Sipp361, "replace a message SIPp sends on its own"},
    {"ResponseTimeRepartition", ElementContext::TopLevel, kRepartition, false, Cdata::None,
     O::Sipp361, "response-time histogram buckets"},
    {"CallLengthRepartition", ElementContext::TopLevel, kRepartition, false, Cdata::None,
     O::Sipp361, "call-length histogram buckets"},
    {"nop", ElementContext::Init, {}, true, Cdata::None, O::Sipp361, "init actions"},
    {"label", ElementContext::Init, kLabel, false, Cdata::None, O::Sipp361, "init jump target"},
    {"ereg", ElementContext::Actions, kEreg, false, Cdata::None, O::Sipp361, "regular expression match"},
    {"log", ElementContext::Actions, kMessage, false, Cdata::None, O::Sipp361, "write to the -trace_logs file"},
    {"warning", ElementContext::Actions, kMessage, false, Cdata::None, O::Sipp361, "write a warning"},
    {"error", ElementContext::Actions, kMessage, false, Cdata::None, O::Sipp361, "write an error and fail"},
    {"assign", ElementContext::Actions, kArithmetic, false, Cdata::None, O::Sipp361, "set a number"},
    {"add", ElementContext::Actions, kArithmetic, false, Cdata::None, O::Sipp361, "add"},
    {"subtract", ElementContext::Actions, kArithmetic, false, Cdata::None, O::Sipp361, "subtract"},
    {"multiply", ElementContext::Actions, kArithmetic, false, Cdata::None, O::Sipp361, "multiply"},
    {"divide", ElementContext::Actions, kArithmetic, false, Cdata::None, O::Sipp361, "divide"},
    {"sample", ElementContext::Actions, kSample, false, Cdata::None, O::Sipp361, "draw from a distribution"},
    {"todouble", ElementContext::Actions, kToDouble, false, Cdata::None, O::Sipp361, "string to number"},
    {"index", ElementContext::Actions, kIndex, false, Cdata::None, O::Sipp361, "current state index"},
    {"gettimeofday", ElementContext::Actions, kGetTimeOfDay, false, Cdata::None, O::Sipp361, "current time"},
    {"assignstr", ElementContext::Actions, kAssignStr, false, Cdata::None, O::Sipp361, "set a string"},
    {"strcmp", ElementContext::Actions, kStrcmp, false, Cdata::None, O::Sipp361, "compare strings"},
    {"trim", ElementContext::Actions, kTrim, false, Cdata::None, O::Sipp361, "strip white space"},
    {"urlencode", ElementContext::Actions, kUrlCoding, false, Cdata::None, O::SippHead, "percent-encode in place"},
    {"urldecode", ElementContext::Actions, kUrlCoding, false, Cdata::None, O::SippHead, "percent-decode in place"},
    {"test", ElementContext::Actions, kTest, false, Cdata::None, O::Sipp361, "compare numbers"},
    {"verifyauth", ElementContext::Actions, kVerifyAuth, false, Cdata::None, O::Sipp361, "check digest credentials"},
    {"lookup", ElementContext::Actions, kLookup, false, Cdata::None, O::Sipp361, "find a line by key"},
    {"insert", ElementContext::Actions, kInsert, false, Cdata::None, O::Sipp361, "add a line"},
    {"replace", ElementContext::Actions, kReplace, false, Cdata::None, O::Sipp361, "replace a line"},
    {"jump", ElementContext::Actions, kJump, false, Cdata::None, O::Sipp361, "continue at a state index"},
    {"pauserestore", ElementContext::Actions, kJump, false, Cdata::None, O::Sipp361, "resume a paused call"},
    {"setdest", ElementContext::Actions, kSetDest, false, Cdata::None, O::Sipp361, "change the remote address"},
    {"closecon", ElementContext::Actions, {}, false, Cdata::None, O::Sipp361, "close the call's connection"},
    {"exec", ElementContext::Actions, kExec, false, Cdata::None, O::Sipp361, "command, internal command or media"},
    {"rtp_echo", ElementContext::Actions, kRtpEcho, false, Cdata::None, O::Sipp361, "echo RTP on or off"},
};

constexpr ElementSpec kActionElement{"action", ElementContext::TopLevel, {}, false, Cdata::None,
                                     O::Sipp361, "actions run with the command"};

/// The SDES keyword at `i` of the range (ir::crypto_keyword() reads it).
constexpr ir::Keyword crypto(int i) {
  return static_cast<ir::Keyword>(static_cast<int>(ir::Keyword::CryptoFirst) + i);
}

constexpr KeywordSpec kKeywords[] = {
    {"service", ir::Keyword::Service, O::Sipp361, "-s value"},
    {"remote_ip", ir::Keyword::RemoteIp, O::Sipp361, "remote address"},
    {"remote_host", ir::Keyword::RemoteHost, O::Sipp361, "remote host name"},
    {"remote_port", ir::Keyword::RemotePort, O::Sipp361, "remote port"},
    {"transport", ir::Keyword::Transport, O::Sipp361, "UDP, TCP, TLS or SCTP"},
    {"local_ip", ir::Keyword::LocalIp, O::Sipp361, "local address (-i)"},
    {"local_ip_type", ir::Keyword::LocalIpType, O::Sipp361, "4 or 6"},
    {"local_port", ir::Keyword::LocalPort, O::Sipp361, "local port"},
    {"server_ip", ir::Keyword::ServerIp, O::Sipp361, "address the server listens on"},
    {"media_ip", ir::Keyword::MediaIp, O::Sipp361, "media address (-mi)"},
    {"media_ip_type", ir::Keyword::MediaIpType, O::Sipp361, "4 or 6"},
    {"media_port", ir::Keyword::MediaPort, O::Sipp361, "media port (-mp)"},
    {"auto_media_port", ir::Keyword::AutoMediaPort, O::Sipp361, "media port moving with the call"},
    {"rtpstream_audio_port", ir::Keyword::RtpstreamAudioPort, O::Sipp361, "rtp_stream audio port"},
    {"rtpstream_video_port", ir::Keyword::RtpstreamVideoPort, O::Sipp361, "rtp_stream video port"},
    {"call_number", ir::Keyword::CallNumber, O::Sipp361, "call counter"},
    {"dynamic_id", ir::Keyword::DynamicId, O::Sipp361, "wrapping global counter"},
    {"call_id", ir::Keyword::CallId, O::Sipp361, "Call-ID of the call"},
    {"cseq", ir::Keyword::Cseq, O::Sipp361, "the call's CSeq number"},
    {"pid", ir::Keyword::Pid, O::Sipp361, "process id"},
    {"branch", ir::Keyword::Branch, O::Sipp361, "a new Via branch"},
    {"msg_index", ir::Keyword::MsgIndex, O::Sipp361, "index of the message"},
    {"next_url", ir::Keyword::NextUrl, O::Sipp361, "Contact of the recorded route set"},
    {"len", ir::Keyword::Len, O::Sipp361, "body length, 5 characters wide"},
    {"peer_tag_param", ir::Keyword::PeerTagParam, O::Sipp361, ";tag= of the peer"},
    {"last_Request_URI", ir::Keyword::LastRequestUri, O::Sipp361, "Request-URI last received"},
    {"last_cseq_number", ir::Keyword::LastCseqNumber, O::Sipp361, "CSeq number last received"},
    {"last_message", ir::Keyword::LastMessage, O::Sipp361, "the whole last message"},
    {"routes", ir::Keyword::Routes, O::Sipp361, "Route: header from the route set"},
    {"tdmmap", ir::Keyword::TdmMap, O::Sipp361, "TDM circuit of the call (-tdmmap)"},
    {"clock_tick", ir::Keyword::ClockTick, O::Sipp361, "scheduler clock in ms"},
    {"users", ir::Keyword::Users, O::Sipp361, "the -users value"},
    {"userid", ir::Keyword::UserId, O::Sipp361, "user of the call (-users)"},
    {"timestamp", ir::Keyword::Timestamp, O::Sipp361, "current time"},
    {"date", ir::Keyword::Date, O::Sipp361, "RFC 1123 date"},
    {"sipp_version", ir::Keyword::SippVersion, O::Sipp361, "version string"},
    {"dtls_fingerprint", ir::Keyword::DtlsFingerprint, O::Gossipper, "DTLS-SRTP a=fingerprint value"},
    {"dtls_setup", ir::Keyword::DtlsSetup, O::Gossipper, "DTLS-SRTP a=setup role"},
    {"ice_ufrag", ir::Keyword::IceUfrag, O::Gossipper, "ICE-lite a=ice-ufrag value"},
    {"ice_pwd", ir::Keyword::IcePwd, O::Gossipper, "ICE-lite a=ice-pwd value"},
    {"cryptotag1audio", crypto(0), O::SippHead, "SRTP SDP"},
    {"cryptotag2audio", crypto(1), O::SippHead, "SRTP SDP"},
    {"cryptosuiteaescm128sha1801audio", crypto(4), O::SippHead, "SRTP SDP"},
    {"cryptosuiteaescm128sha1802audio", crypto(5), O::SippHead, "SRTP SDP"},
    {"cryptosuiteaescm128sha1321audio", crypto(6), O::SippHead, "SRTP SDP"},
    {"cryptosuiteaescm128sha1322audio", crypto(7), O::SippHead, "SRTP SDP"},
    {"cryptokeyparams1audio", crypto(2), O::SippHead, "SRTP SDP"},
    {"cryptokeyparams2audio", crypto(3), O::SippHead, "SRTP SDP"},
    {"cryptotag1video", crypto(20), O::SippHead, "SRTP SDP"},
    {"cryptotag2video", crypto(21), O::SippHead, "SRTP SDP"},
    {"cryptosuiteaescm128sha1801video", crypto(24), O::SippHead, "SRTP SDP"},
    {"cryptosuiteaescm128sha1802video", crypto(25), O::SippHead, "SRTP SDP"},
    {"cryptosuiteaescm128sha1321video", crypto(26), O::SippHead, "SRTP SDP"},
    {"cryptosuiteaescm128sha1322video", crypto(27), O::SippHead, "SRTP SDP"},
    {"cryptokeyparams1video", crypto(22), O::SippHead, "SRTP SDP"},
    {"cryptokeyparams2video", crypto(23), O::SippHead, "SRTP SDP"},
    {"cryptosuitenullsha1801audio", crypto(8), O::SippHead, "SRTP SDP"},
    {"cryptosuitenullsha1802audio", crypto(9), O::SippHead, "SRTP SDP"},
    {"cryptosuitenullsha1321audio", crypto(10), O::SippHead, "SRTP SDP"},
    {"cryptosuitenullsha1322audio", crypto(11), O::SippHead, "SRTP SDP"},
    {"cryptosuitenullsha1801video", crypto(28), O::SippHead, "SRTP SDP"},
    {"cryptosuitenullsha1802video", crypto(29), O::SippHead, "SRTP SDP"},
    {"cryptosuitenullsha1321video", crypto(30), O::SippHead, "SRTP SDP"},
    {"cryptosuitenullsha1322video", crypto(31), O::SippHead, "SRTP SDP"},
    {"ueaescm128sha1801audio", crypto(12), O::SippHead, "SRTP SDP"},
    {"ueaescm128sha1802audio", crypto(13), O::SippHead, "SRTP SDP"},
    {"ueaescm128sha1321audio", crypto(14), O::SippHead, "SRTP SDP"},
    {"ueaescm128sha1322audio", crypto(15), O::SippHead, "SRTP SDP"},
    {"ueaescm128sha1801video", crypto(32), O::SippHead, "SRTP SDP"},
    {"ueaescm128sha1802video", crypto(33), O::SippHead, "SRTP SDP"},
    {"ueaescm128sha1321video", crypto(34), O::SippHead, "SRTP SDP"},
    {"ueaescm128sha1322video", crypto(35), O::SippHead, "SRTP SDP"},
    {"cryptosuiteaeadaes128gcm1audio", crypto(16), O::Gossipper, "SRTP SDP, AEAD_AES_128_GCM"},
    {"cryptosuiteaeadaes128gcm2audio", crypto(17), O::Gossipper, "SRTP SDP, AEAD_AES_128_GCM"},
    {"cryptosuiteaeadaes256gcm1audio", crypto(18), O::Gossipper, "SRTP SDP, AEAD_AES_256_GCM"},
    {"cryptosuiteaeadaes256gcm2audio", crypto(19), O::Gossipper, "SRTP SDP, AEAD_AES_256_GCM"},
    {"cryptosuiteaeadaes128gcm1video", crypto(36), O::Gossipper, "SRTP SDP, AEAD_AES_128_GCM"},
    {"cryptosuiteaeadaes128gcm2video", crypto(37), O::Gossipper, "SRTP SDP, AEAD_AES_128_GCM"},
    {"cryptosuiteaeadaes256gcm1video", crypto(38), O::Gossipper, "SRTP SDP, AEAD_AES_256_GCM"},
    {"cryptosuiteaeadaes256gcm2video", crypto(39), O::Gossipper, "SRTP SDP, AEAD_AES_256_GCM"},
    {"$name", std::nullopt, O::Sipp361, "value of a variable"},
    {"last_Header:", std::nullopt, O::Sipp361, "all occurrences of a header last received"},
    {"fieldN file= line=", std::nullopt, O::Sipp361, "field of an injection file"},
    {"file name=", std::nullopt, O::Sipp361, "contents of a file"},
    {"fill variable= text=", std::nullopt, O::Sipp361, "text repeated to a length"},
    {"authentication", std::nullopt, O::Sipp361,
     "digest Authorization from the last challenge (MD5, SHA-256, AKAv1-MD5; beyond SIPp: "
     "SHA-512-256, -sess)"},
};

} // namespace

std::span<const AttrSpec> common_attributes() { return kCommon; }
std::span<const ElementSpec> all_elements() { return kElements; }

const ElementSpec *find_element(ElementContext where, std::string_view name) {
  if (where == ElementContext::TopLevel && name == "action") {
    return &kActionElement;
  }
  for (const ElementSpec &e : kElements) {
    if (e.context == where && e.name == name) {
      return &e;
    }
  }
  return nullptr;
}

const AttrSpec *find_attribute(const ElementSpec &e, std::string_view name) {
  for (const AttrSpec &a : e.attributes) {
    if (a.name == name) {
      return &a;
    }
  }
  if (e.command) {
    for (const AttrSpec &a : kCommon) {
      if (a.name == name) {
        return &a;
      }
    }
  }
  return nullptr;
}

std::span<const KeywordSpec> all_keywords() { return kKeywords; }

const KeywordSpec *find_simple_keyword(std::string_view name) {
  for (const KeywordSpec &k : kKeywords) {
    if (k.simple && k.name == name) {
      return &k;
    }
  }
  return nullptr;
}

std::string_view origin_name(Origin o) {
  switch (o) {
  case Origin::Sipp361: return "SIPp 3.6.1";
  case Origin::SippHead: return "SIPp after 3.6.1";
  case Origin::Gossipper: return "beyond SIPp";
  }
  return "";
}

std::string_view attr_type_name(AttrType t) {
  switch (t) {
  case AttrType::Text: return "text";
  case AttrType::Template: return "template";
  case AttrType::Bool: return "bool";
  case AttrType::Presence: return "flag";
  case AttrType::Integer: return "integer";
  case AttrType::Number: return "number";
  case AttrType::Variable: return "variable";
  case AttrType::VariableList: return "variables";
  case AttrType::Label: return "label";
  case AttrType::Rtd: return "rtd";
  case AttrType::Counter: return "counter";
  case AttrType::Regex: return "regex";
  case AttrType::Choice: return "choice";
  case AttrType::IntegerList: return "integers";
  }
  return "";
}

} // namespace gossipper::compiler
