//===- scenario.hpp - The scenario IR --------------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A SIPp scenario is a program: a list of states (SIPp calls them messages:
// send, recv, pause, nop, sendCmd, recvCmd) run in order by every call, with
// jumps (next=, ontimeout=), per-call variables and actions. This is its IR:
// every name is resolved to an index (labels, variables, counters, RTDs,
// transactions), every message is a list of template segments. The
// interpreter, the LLVM code generator and the printer all read this.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/source_location.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace gossipper::ir {

using VarId = uint32_t;
inline constexpr VarId kNoVar = UINT32_MAX;
using StateIndex = int32_t;
inline constexpr StateIndex kNoState = -1;

//===----------------------------------------------------------------------===//
// Variables
//===----------------------------------------------------------------------===//

enum class VarScope : uint8_t { Call, Global, User };

/// What the scenario stores in a variable, inferred from the actions that
/// assign it. SIPp's variables are dynamically typed; most scenarios use each
/// one for a single kind of value, which lets generated code skip the tag.
enum class VarType : uint8_t { Unset, String, Double, Bool, Any };

struct Variable {
  std::string name;
  VarScope scope = VarScope::Call;
  VarType type = VarType::Unset;
  /// How often the scenario names it (declaration, assignment, use), as SIPp
  /// counts: a variable named only once is almost always a typo.
  uint32_t references = 0;
  /// Named by `<Reference variables=...>`: exempt from the "used once" rule.
  bool referenced_explicitly = false;
  SourceLoc first_loc;
};

//===----------------------------------------------------------------------===//
// Message templates
//===----------------------------------------------------------------------===//

/// The keywords that take no parameter (SIPp's "simple" keywords).
enum class Keyword : uint8_t {
  Service,
  RemoteIp,
  RemoteHost,
  RemotePort,
  Transport,
  LocalIp,
  LocalIpType,
  LocalPort,
  ServerIp,
  MediaIp,
  MediaIpType,
  MediaPort,
  AutoMediaPort,
  RtpstreamAudioPort,
  RtpstreamVideoPort,
  CallNumber,
  DynamicId,
  CallId,
  Cseq,
  Pid,
  Branch,
  MsgIndex,
  NextUrl,
  Len,
  PeerTagParam,
  LastRequestUri,
  LastCseqNumber,
  LastMessage,
  Routes,
  TdmMap,
  ClockTick,
  Users,
  UserId,
  Timestamp,
  Date,
  SippVersion,
  /// Gossipper's DTLS-SRTP keywords: our certificate's a=fingerprint value,
  /// and the a=setup role of an offer or answer (docs/srtp.md).
  DtlsFingerprint,
  DtlsSetup,
  /// Gossipper's ICE-lite keywords: the run's a=ice-ufrag and a=ice-pwd.
  IceUfrag,
  IcePwd,
  /// The SDES keywords (`[cryptotag1audio]`, ...): a range of 40, audio's 20
  /// then video's, in the order crypto_keyword() reads them; SIPp's 16 of
  /// each, then Gossipper's AEAD suites.
  CryptoFirst,
  CryptoLast = CryptoFirst + 39,
};

/// What an SDES keyword renders (SIPp's names, kept as SIPp spells them).
struct CryptoKeyword {
  enum class What : uint8_t {
    Tag,        ///< [cryptotagNaudio]: the line's tag
    KeyParams,  ///< [cryptokeyparamsNaudio]: base64 of a master key and salt
    Suite,      ///< [cryptosuite...Naudio]: the suite's name
    Unencrypted ///< [ueaescm128sha18Naudio]: the UNENCRYPTED_SRTP parameter
  };
  enum class Suite : uint8_t {
    AesCm128Sha1_80,
    AesCm128Sha1_32,
    NullSha1_80,
    NullSha1_32,
    AeadAes128Gcm, ///< Gossipper's [cryptosuiteaeadaes128gcmNaudio] (RFC 7714)
    AeadAes256Gcm,
  };
  What what = What::Tag;
  Suite suite = Suite::AesCm128Sha1_80; ///< for Suite and Unencrypted
  uint8_t slot = 1;                     ///< the line: 1 or 2
  bool video = false;
};

/// The SDES keyword `k` stands for; nullopt for the other keywords.
[[nodiscard]] std::optional<CryptoKeyword> crypto_keyword(Keyword k);
[[nodiscard]] inline bool is_crypto_keyword(Keyword k) {
  return k >= Keyword::CryptoFirst && k <= Keyword::CryptoLast;
}
/// The keywords the media room renders: SDES and DTLS-SRTP's.
[[nodiscard]] inline bool is_media_keyword(Keyword k) {
  return is_crypto_keyword(k) || k == Keyword::DtlsFingerprint || k == Keyword::DtlsSetup ||
         k == Keyword::IceUfrag || k == Keyword::IcePwd;
}
/// The number of keywords, for tables indexed by them.
inline constexpr size_t kKeywordCount = static_cast<size_t>(Keyword::CryptoLast) + 1;

struct Template;

struct Segment {
  enum class Kind : uint8_t {
    Literal,        ///< bytes copied as they are
    Keyword,        ///< a simple keyword, `keyword`, optional `offset`
    Variable,       ///< `[$name]`, `var`
    LastHeader,     ///< `[last_Name:]`, header name in `text`
    Field,          ///< `[fieldN file= line=]`
    File,           ///< `[file name=]`, name in `sub[0]`
    Fill,           ///< `[fill variable= text=]`, `var`, text in `text`
    Authentication, ///< `[authentication ...]`, `sub` = user, password, aka_K, aka_OP, aka_AMF
    CustomKey,      ///< a `-key NAME VALUE` keyword, name in `text`
  };
  Kind kind = Kind::Literal;
  Keyword keyword = Keyword::Service;
  std::string text;
  int32_t offset = 0;
  VarId var = kNoVar;
  uint32_t field = 0;
  /// Injection file of a Field segment; empty means the first `-inf`.
  std::string file;
  /// Nested templates: Field `line=` (sub[0], may be empty), File `name=`,
  /// Authentication parameters (empty template = the command-line default).
  std::vector<Template> sub;
  SourceLoc loc;
};

struct Template {
  std::vector<Segment> segments;

  [[nodiscard]] bool empty() const { return segments.empty(); }
};

//===----------------------------------------------------------------------===//
// Actions
//===----------------------------------------------------------------------===//

/// A right-hand side that is either a literal number or a variable.
struct Operand {
  std::optional<double> value;
  VarId var = kNoVar;
};

/// A statistical distribution, for `<pause>` and the `sample` action.
struct Distribution {
  enum class Kind : uint8_t {
    Default, ///< `<pause/>` with no attribute: the `-d` value
    Fixed,
    Uniform,
    Normal,
    LogNormal,
    Exponential,
    Weibull,
    Pareto,
    GeneralizedPareto,
    Gamma,
    NegativeBinomial,
  };
  Kind kind = Kind::Default;
  /// The parameters in the order SIPp documents them (value; min,max;
  /// mean,stdev; mean; lambda,k; k,x_m; shape,scale,location; k,theta; n,p).
  std::vector<double> params;
};

struct Check {
  bool check_it = false;
  bool check_it_inverse = false;
};

struct EregAction {
  enum class SearchIn : uint8_t { Message, Header, Body, Variable };
  std::string regex;
  SearchIn search_in = SearchIn::Message;
  std::string header;
  VarId variable = kNoVar;
  uint32_t occurrence = 1;
  bool case_indep = false;
  bool start_line = false;
  Check check;
  /// assign_to: the whole match, then one variable per sub-expression.
  std::vector<VarId> assign_to;
};

struct LogAction {
  enum class Level : uint8_t { Log, Warning, Error };
  Level level = Level::Log;
  Template message;
};

struct ArithmeticAction {
  enum class Op : uint8_t { Assign, Add, Subtract, Multiply, Divide };
  Op op = Op::Assign;
  VarId target = kNoVar;
  Operand rhs;
};

struct SampleAction {
  VarId target = kNoVar;
  Distribution distribution;
};

struct ToDoubleAction {
  VarId target = kNoVar;
  VarId source = kNoVar;
};

struct IndexAction {
  VarId target = kNoVar;
};

struct GetTimeOfDayAction {
  VarId seconds = kNoVar;
  VarId microseconds = kNoVar;
};

struct AssignStrAction {
  VarId target = kNoVar;
  Template value;
};

struct StrcmpAction {
  VarId target = kNoVar; ///< optional when check_it/check_it_inverse is set
  VarId variable = kNoVar;
  std::optional<std::string> value;
  VarId variable2 = kNoVar;
  Check check;
};

struct TestAction {
  enum class Compare : uint8_t { Equal, NotEqual, Greater, Less, GreaterEqual, LessEqual };
  VarId target = kNoVar; ///< optional when check_it/check_it_inverse is set
  VarId variable = kNoVar;
  Operand rhs; ///< `value` or `variable2`
  Compare compare = Compare::Equal;
  Check check;
};

/// trim / urlencode / urldecode: rewrite one string variable in place.
struct StringTransformAction {
  enum class Op : uint8_t { Trim, UrlEncode, UrlDecode };
  Op op = Op::Trim;
  VarId variable = kNoVar;
};

struct VerifyAuthAction {
  VarId target = kNoVar;
  Template username;
  Template password;
};

/// lookup / insert / replace on an in-memory injection file.
struct InjectionFileAction {
  enum class Op : uint8_t { Lookup, Insert, Replace };
  Op op = Op::Lookup;
  VarId target = kNoVar; ///< lookup only
  Template file;
  Template key;   ///< lookup: key; replace: line
  Template value; ///< insert, replace
};

/// jump / pauserestore: continue at a state index computed at run time.
struct JumpAction {
  enum class Op : uint8_t { Jump, PauseRestore };
  Op op = Op::Jump;
  Operand target;
};

struct SetDestAction {
  Template host;
  Template port;
  Template protocol;
};

struct CloseConAction {};

struct ExecCommandAction {
  Template command;
};

struct InternalCommandAction {
  enum class Op : uint8_t { StopCall, StopGracefully, StopNow };
  Op op = Op::StopCall;
};

/// The media actions. They are parsed and verified; the runtime refuses a
/// scenario that uses one until media support exists.
struct MediaAction {
  enum class Op : uint8_t {
    PlayPcapAudio,
    PlayPcapImage,
    PlayPcapVideo,
    PlayDtmf,
    RtpStream,
    RtpEcho,       ///< `<exec rtp_echo=...>`
    RtpEchoToggle, ///< `<rtp_echo value=...>`
  };
  Op op = Op::PlayPcapAudio;
  std::string argument;
  Template digits; ///< play_dtmf
  Operand toggle;  ///< RtpEchoToggle
};

using ActionBody =
    std::variant<EregAction, LogAction, ArithmeticAction, SampleAction, ToDoubleAction,
                 IndexAction, GetTimeOfDayAction, AssignStrAction, StrcmpAction, TestAction,
                 StringTransformAction, VerifyAuthAction, InjectionFileAction, JumpAction,
                 SetDestAction, CloseConAction, ExecCommandAction, InternalCommandAction,
                 MediaAction>;

struct Action {
  ActionBody body;
  SourceLoc loc;
};

//===----------------------------------------------------------------------===//
// States
//===----------------------------------------------------------------------===//

enum class Optional : uint8_t { No, Yes, Global };

/// Whether a literal `Content-Length:` header was written with 0, another
/// value, or not at all; SIPp uses this when it has to fix the length.
enum class ContentLengthFlag : uint8_t { Absent, Zero, NonZero };

struct SendState {
  Template message;
  bool is_response = false;
  int32_t code = 0;       ///< responses
  std::string method;     ///< requests
  uint32_t retrans_ms = 0; ///< 0: never retransmitted
  uint32_t timeout_ms = 0;
  uint32_t start_txn = 0; ///< 1-based transaction index, 0 = none
  uint32_t ack_txn = 0;
  ContentLengthFlag content_length = ContentLengthFlag::Absent;
};

struct RecvState {
  /// Exactly one of response / request is set.
  std::optional<int32_t> response; ///< numeric code, unless regexp_match
  std::string response_text;       ///< as written (regex source when regexp_match)
  std::string request;             ///< method, or regex when regexp_match
  bool regexp_match = false;
  Optional optional = Optional::No;
  bool advance_state = true;
  uint32_t timeout_ms = 0;
  bool record_routes = false; ///< rrs
  bool authentication = false; ///< auth
  uint32_t response_txn = 0;
  /// Methods of the requests sent before this recv (outside transactions): a
  /// response matches only if its CSeq method is one of them.
  std::vector<std::string> cseq_methods;
};

struct PauseState {
  Distribution distribution;
  VarId variable = kNoVar;
  bool sanity_check = true;
  bool timewait = false;
};

struct NopState {};

struct SendCmdState {
  Template message;
  std::string dest; ///< extended 3PCC peer name; empty = the -3pcc twin
};

struct RecvCmdState {
  std::string src;
  Optional optional = Optional::No;
};

using StateBody =
    std::variant<SendState, RecvState, PauseState, NopState, SendCmdState, RecvCmdState>;

/// A reference to a label, kept by name until resolved so the verifier can
/// report an unknown one where it was written.
struct LabelRef {
  std::string name;
  StateIndex index = kNoState;
  SourceLoc loc;

  [[nodiscard]] bool present() const { return !name.empty(); }
};

struct State {
  StateBody body;
  std::string element; ///< "send", "recv", "pause", "timewait", "nop", "sendCmd", "recvCmd"
  SourceLoc loc;

  LabelRef next;
  VarId test = kNoVar;
  std::optional<double> chance; ///< probability (0..1) of taking `next`
  LabelRef on_timeout;
  VarId condexec = kNoVar;
  bool condexec_inverse = false;
  std::optional<double> lost; ///< percent
  bool crlf = false;
  bool hide = false;
  std::string display;
  bool ignore_sdp = false;
  uint32_t start_rtd = 0; ///< 1-based RTD index, 0 = none
  uint32_t stop_rtd = 0;
  bool repeat_rtd = false;
  int32_t counter = -1; ///< index into Scenario::counters

  std::vector<Action> actions;
};

//===----------------------------------------------------------------------===//
// The scenario
//===----------------------------------------------------------------------===//

enum class Mode : uint8_t { Unknown, Client, Server };

struct Label {
  std::string name;
  StateIndex index = 0; ///< the state the label precedes (may equal states.size())
  SourceLoc loc;
};

struct Transaction {
  std::string name;
  bool is_invite = false;
  uint32_t started = 0;
  uint32_t responses = 0;
  uint32_t acks = 0;
  SourceLoc loc;
};

struct Rtd {
  std::string name;
  bool started = false;
  bool stopped = false;
  SourceLoc loc;
};

struct DefaultMessage {
  std::string id; ///< ack, ack2, bye, cancel, 200, 3pcc_abort
  Template message;
  SourceLoc loc;
  bool builtin = false; ///< SIPp's own, not written in the scenario
};

struct Repartition {
  std::vector<uint32_t> bounds_ms;
  SourceLoc loc;

  [[nodiscard]] bool present() const { return loc.valid(); }
};

struct Scenario {
  std::string name;
  std::string file; ///< as given on the command line, for diagnostics
  SourceLoc loc;
  Mode mode = Mode::Unknown;

  std::vector<State> states;
  std::vector<Label> labels;
  std::vector<State> init_states;
  std::vector<Label> init_labels;

  std::vector<Variable> variables;
  std::vector<std::string> counters;
  std::vector<Rtd> rtds;
  std::vector<Transaction> transactions;
  std::vector<DefaultMessage> default_messages;
  Repartition response_time_repartition;
  Repartition call_length_repartition;

  /// Target of `_unexp.main`, where an unexpected message jumps; kNoState if absent.
  StateIndex unexpected_jump = kNoState;

  [[nodiscard]] const Variable *find_variable(std::string_view name) const;
};

[[nodiscard]] const char *keyword_name(Keyword k);
[[nodiscard]] const char *mode_name(Mode m);

/// Whether keyword `k` can render the same text for every call of a run
/// ([service], [local_ip], [pid]...), depending on the run's options. A hint
/// for code generation: such code still asks the runtime when it is not.
[[nodiscard]] bool may_be_run_constant(Keyword k);

} // namespace gossipper::ir
