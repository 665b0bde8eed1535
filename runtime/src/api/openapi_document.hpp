//===- openapi_document.hpp - The API's OpenAPI 3 document -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// openapi.json beside this file, embedded at build time by
// cmake/EmbedFiles.cmake and served at /api/v1/openapi.json; the API's
// tests check every route's real responses against it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <span>
#include <string_view>

namespace gossipper::runtime::api {

struct ApiDocument {
  std::string_view name;
  std::string_view text;
};

[[nodiscard]] std::span<const ApiDocument> api_documents();

[[nodiscard]] inline std::string_view openapi_document() {
  return api_documents().empty() ? std::string_view{} : api_documents().front().text;
}

} // namespace gossipper::runtime::api
