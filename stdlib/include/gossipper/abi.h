/*===- abi.h - The contract between scenario code and the runtime -*- C -*-===//
 *
 * Part of Gossipper, under the AGPL-3.0 (see LICENSE).
 *
 * Scenario code -- the IR interpreter today, LLVM-generated code with the
 * compiler back end -- implements a gsp_program. The runtime owns calls,
 * sockets, timers and the SIPp state machine (matching, retransmissions,
 * default behaviours); it asks the program for the per-state work:
 *
 *   render       write the bytes of a message template: literal runs and
 *                keywords, the keywords through the runtime's services,
 *                literal runs copied straight into the buffer when they fit
 *                (gsp_buf_head);
 *   run_actions  run the actions of a state, in order, stopping at the first
 *                failure.
 *
 * Templates are numbered by ir::number_templates (ir/template_numbering.hpp)
 * so the runtime and every program agree on the ids. This header is plain C
 * so that generated code and precompiled objects depend on nothing else.
 * Changing anything here means bumping GSP_ABI_VERSION.
 *===----------------------------------------------------------------------===*/
#ifndef GOSSIPPER_ABI_H
#define GOSSIPPER_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GSP_ABI_VERSION 3u

/* Opaque to scenario code. */
typedef struct gsp_call gsp_call; /* one call of the runtime */
typedef struct gsp_buf gsp_buf;   /* the message being written */

/* The start of every gsp_buf: the bytes written so far. Scenario code may
 * append text itself -- copy it to data + size, then add its length to size
 * -- when size + length <= capacity and, for literal text, `suppress` is
 * clear; otherwise it calls the `literal` (or `text`) service, which honours
 * the suppression and grows the buffer. Nothing else may change. */
typedef struct gsp_buf_head {
  char *data;
  size_t size;
  size_t capacity;
  uint8_t suppress; /* a C++ bool in the runtime: 0 or 1 */
} gsp_buf_head;

/* What an action (or a list of them) tells the runtime. */
enum gsp_action_result {
  GSP_OK = 0,
  GSP_REGEXP_DOESNT_MATCH = 1,
  GSP_REGEXP_SHOULDNT_MATCH = 2,
  GSP_REGEXP_HDR_NOT_FOUND = 3,
  GSP_TEST_DOESNT_MATCH = 4,
  GSP_TEST_SHOULDNT_MATCH = 5,
  GSP_STRCMP_DOESNT_MATCH = 6,
  GSP_STRCMP_SHOULDNT_MATCH = 7,
  GSP_STOP_CALL = 8,
  GSP_CONNECT_FAILED = 9,
};

/* Bytes owned by the runtime. */
typedef struct gsp_text {
  const char *data; /* NULL: none */
  size_t size;
} gsp_text;

/* Services the runtime gives scenario code. Every template piece that is
 * not literal text goes through one of these. */
typedef struct gsp_services {
  uint32_t abi_version;
  /* Literal bytes of a template. */
  void (*literal)(gsp_buf *out, const char *data, size_t size);
  /* A simple keyword (ir::Keyword), with its [kw+N] offset; `name` is the
   * keyword as written, used by the SRTP crypto keywords. */
  void (*keyword)(gsp_call *call, gsp_buf *out, uint32_t keyword, int32_t offset,
                  const char *name, size_t name_size);
  /* [last_Name:]. `slot` numbers the name among the headers the scenario
   * reads (ir::header_needs), so the value can be kept per received message;
   * UINT32_MAX looks the name up every time. */
  void (*last_header)(gsp_call *call, gsp_buf *out, const char *name, size_t name_size,
                      uint32_t slot);
  /* [$var] */
  void (*variable)(gsp_call *call, gsp_buf *out, uint32_t var, int32_t offset);
  /* [fieldN file=F line=L]: L is template `line_template` (UINT32_MAX: none). */
  void (*field)(gsp_call *call, gsp_buf *out, uint32_t field, const char *file, size_t file_size,
                uint32_t line_template);
  /* [file name=N]: N is template `name_template`. */
  void (*file)(gsp_call *call, gsp_buf *out, uint32_t name_template);
  /* [fill variable=V text=T] */
  void (*fill)(gsp_call *call, gsp_buf *out, uint32_t var, const char *text, size_t text_size);
  /* [authentication ...]: the five parameter templates (UINT32_MAX: default). */
  void (*authentication)(gsp_call *call, gsp_buf *out, const uint32_t templates[5]);
  /* A -key NAME VALUE keyword. */
  void (*custom_key)(gsp_call *call, gsp_buf *out, const char *name, size_t name_size);
  /* Runs action `action` (0-based) of state `state` (init states come after
   * the scenario's); returns a gsp_action_result. */
  int (*action)(gsp_call *call, uint32_t state, uint32_t action);
  /* Bytes appended as a keyword's text (the suppress state of literal text
   * is left as it is). */
  void (*text)(gsp_buf *out, const char *data, size_t size);
  /* The text of keyword k (offset 0) when it is the same for every call of
   * this run, by keyword id; data NULL when it depends on the call. Code
   * that could not bake a keyword in copies it from here with `text`. */
  const gsp_text *run_texts;
  uint32_t run_text_count;
} gsp_services;

typedef struct gsp_program {
  uint32_t abi_version;
  void *self;
  /* Writes template `template_id` to `out`. */
  void (*render)(void *self, const gsp_services *svc, gsp_call *call, gsp_buf *out,
                 uint32_t template_id);
  /* Runs the actions of `state`; returns the first non-GSP_OK result, or GSP_OK. */
  int (*run_actions)(void *self, const gsp_services *svc, gsp_call *call, uint32_t state);
} gsp_program;

#ifdef __cplusplus
}
#endif

#endif /* GOSSIPPER_ABI_H */
