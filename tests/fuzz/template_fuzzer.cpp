// libFuzzer: any bytes as a message template (the inside of a CDATA section)
// through CDATA cleaning and the ANTLR template grammar.
#include "gossipper/compiler/cdata_cleaning.hpp"
#include "gossipper/compiler/template_parser.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace gossipper;
  std::string bytes(reinterpret_cast<const char *>(data), size);
  compiler::SourceBuffer src("fuzz.xml", bytes);
  ir::DiagnosticEngine diags("fuzz.xml");
  auto cleaned = compiler::clean_cdata(src, 0, bytes.size(), (size & 1U) != 0,
                                       compiler::CdataUse::Send, 0, diags);
  if (cleaned) {
    (void)compiler::parse_template(*cleaned, src, diags);
  }
  (void)compiler::parse_template(compiler::attribute_text(bytes, 0, bytes.size()), src, diags);
  return 0;
}
