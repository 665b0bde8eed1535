//===- codegen.cpp - Scenario IR to LLVM IR -------------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Every template becomes a function of straight-line calls: each segment is
// one call of the runtime service the interpreter would pick for it, with
// its constants (text, keyword, variable id, sub-template ids) baked in. Each
// state with actions becomes a function that runs them in order and returns
// the first failure. Two entry points dispatch by id. One function per
// template keeps LLVM's work linear in the scenario's size.
//
// The services table is read with the layout of gsp_services in abi.h, the
// message buffer with that of gsp_buf_head; the field indices below follow
// those structs. Literal text is copied straight into the buffer when it
// fits, the service called only to grow it or to honour a suppression.
//
//===----------------------------------------------------------------------===//
#include "codegen.hpp"
#include "static_content_length.hpp"

#include "gossipper/abi.h"
#include "gossipper/ir/header_needs.hpp"
#include "gossipper/ir/reachability.hpp"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Verifier.h>

#include <cctype>
#include <optional>
#include <string>
#include <vector>

namespace gossipper::compiler {
namespace {

// Field indices of gsp_services (abi.h).
enum ServiceField : unsigned {
  kAbiVersion = 0,
  kLiteral,
  kKeyword,
  kLastHeader,
  kVariable,
  kField,
  kFile,
  kFill,
  kAuthentication,
  kCustomKey,
  kAction,
  kText,
  kRunTexts,
  kRunTextCount,
  kServiceFieldCount
};

// Field indices of gsp_buf_head (abi.h).
enum HeadField : unsigned { kHeadData = 0, kHeadSize, kHeadCapacity, kHeadSuppress };

class ModuleBuilder {
public:
  ModuleBuilder(const ir::Scenario &s, const ir::TemplateTable &t, llvm::LLVMContext &ctx,
                const KeywordConstants *constants)
      : s_(s), t_(t), ctx_(ctx), constants_(constants),
        module_(std::make_unique<llvm::Module>("scenario", ctx)), b_(ctx),
        headers_(ir::header_needs(t)) {
    i32_ = b_.getInt32Ty();
    i64_ = b_.getInt64Ty();
    ptr_ = b_.getPtrTy();
    void_ = b_.getVoidTy();
    std::vector<llvm::Type *> fields(kServiceFieldCount, ptr_);
    fields[kAbiVersion] = i32_;
    fields[kRunTextCount] = i32_;
    services_ = llvm::StructType::create(ctx_, fields, "gsp_services");
    text_ = llvm::StructType::create(ctx_, {ptr_, i64_}, "gsp_text");
    head_ = llvm::StructType::create(ctx_, {ptr_, i64_, i64_, b_.getInt8Ty()}, "gsp_buf_head");
  }

  std::unique_ptr<llvm::Module> build() {
    // Nothing is emitted for a state no call can reach: its templates render
    // nothing and its actions do nothing, were they ever asked for.
    std::vector<bool> live = ir::reachable_states(s_);
    auto dead = [&](ir::StateIndex state) {
      return state >= 0 && static_cast<size_t>(state) < live.size() &&
             !live[static_cast<size_t>(state)];
    };
    std::vector<llvm::Function *> templates;
    templates.reserve(t_.templates.size());
    for (size_t i = 0; i < t_.templates.size(); ++i) {
      templates.push_back(dead(t_.template_state[i])
                              ? nullptr
                              : template_function(static_cast<uint32_t>(i), *t_.templates[i]));
    }
    render_entry(templates);
    std::vector<std::pair<uint32_t, llvm::Function *>> states;
    uint32_t index = 0;
    for (const auto *list : {&s_.states, &s_.init_states}) {
      for (const ir::State &st : *list) {
        if (!st.actions.empty() && !dead(static_cast<ir::StateIndex>(index))) {
          states.emplace_back(index, actions_function(index, st));
        }
        ++index;
      }
    }
    run_actions_entry(states);
    return std::move(module_);
  }

private:
  llvm::Value *service(llvm::Value *svc, ServiceField field) {
    return b_.CreateLoad(ptr_, b_.CreateStructGEP(services_, svc, field));
  }

  /// A constant byte string; its pointer and size.
  std::pair<llvm::Value *, llvm::Value *> bytes(const std::string &text) {
    auto *data = llvm::ConstantDataArray::getString(ctx_, text, /*AddNull=*/false);
    auto *global = new llvm::GlobalVariable(*module_, data->getType(), true,
                                            llvm::GlobalValue::PrivateLinkage, data, "str");
    global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    global->setAlignment(llvm::Align(1));
    return {global, b_.getInt64(text.size())};
  }

  llvm::Value *sub_id(const ir::Segment &seg, size_t i) {
    bool present = i < seg.sub.size() && !seg.sub[i].empty();
    return b_.getInt32(present ? t_.id(&seg.sub[i]) : ir::kNoTemplate);
  }

  llvm::Function *template_function(uint32_t id, const ir::Template &t) {
    auto *type = llvm::FunctionType::get(void_, {ptr_, ptr_, ptr_}, false);
    auto *f = llvm::Function::Create(type, llvm::GlobalValue::InternalLinkage,
                                     "template." + std::to_string(id), *module_);
    llvm::Value *svc = f->getArg(0);
    llvm::Value *call = f->getArg(1);
    llvm::Value *out = f->getArg(2);
    b_.SetInsertPoint(llvm::BasicBlock::Create(ctx_, "entry", f));
    // Literal text, and run constants that follow literal text, are gathered
    // into one literal call. Same bytes as segment by segment: after a
    // literal the runtime's "suppress" flag is clear, a run-constant keyword
    // appends without looking at it, and a constant that does not start
    // with white space cannot be eaten by a suppression that ends before it.
    // [len] of a body fixed for the run is written as text, not measured.
    std::optional<std::string> len_text;
    if (constants_ != nullptr) {
      len_text = static_content_length(t, [this](const ir::Segment &s) { return constant(s); });
    }
    std::string run;
    bool in_run = false;
    auto flush = [&] {
      if (in_run) {
        auto [data, size] = bytes(run);
        append(svc, out, kLiteral, data, size);
      }
      run.clear();
      in_run = false;
    };
    for (const ir::Segment &seg : t.segments) {
      if (seg.kind == ir::Segment::Kind::Literal) {
        run += seg.text;
        in_run = true;
        continue;
      }
      if (const std::string *c = constant(seg); c != nullptr && in_run) {
        run += *c;
        continue;
      }
      if (len_text && in_run && seg.kind == ir::Segment::Kind::Keyword &&
          seg.keyword == ir::Keyword::Len) {
        run += *len_text;
        continue;
      }
      flush();
      segment(seg, svc, call, out);
    }
    flush();
    b_.CreateRetVoid();
    return f;
  }

  /// The run-constant text of a keyword segment that may join literal text.
  const std::string *constant(const ir::Segment &seg) const {
    if (constants_ == nullptr || seg.kind != ir::Segment::Kind::Keyword) {
      return nullptr;
    }
    auto it = constants_->find({static_cast<uint32_t>(seg.keyword), seg.offset});
    if (it == constants_->end() || it->second.empty() ||
        std::isspace(static_cast<unsigned char>(it->second.front())) != 0) {
      return nullptr;
    }
    return &it->second;
  }

  void segment(const ir::Segment &seg, llvm::Value *svc, llvm::Value *call, llvm::Value *out) {
    using K = ir::Segment::Kind;
    switch (seg.kind) {
    case K::Literal: {
      auto [data, size] = bytes(seg.text);
      append(svc, out, kLiteral, data, size);
      break;
    }
    case K::Keyword: {
      if (seg.offset == 0 && ir::may_be_run_constant(seg.keyword)) {
        run_text_keyword(seg, svc, call, out);
        break;
      }
      auto [name, size] = bytes(seg.text);
      emit(svc, kKeyword, {ptr_, ptr_, i32_, i32_, ptr_, i64_},
           {call, out, b_.getInt32(static_cast<uint32_t>(seg.keyword)),
            b_.getInt32(static_cast<uint32_t>(seg.offset)), name, size});
      break;
    }
    case K::Variable:
      emit(svc, kVariable, {ptr_, ptr_, i32_, i32_},
           {call, out, b_.getInt32(seg.var), b_.getInt32(static_cast<uint32_t>(seg.offset))});
      break;
    case K::LastHeader: {
      auto [name, size] = bytes(seg.text);
      emit(svc, kLastHeader, {ptr_, ptr_, ptr_, i64_, i32_},
           {call, out, name, size, b_.getInt32(headers_.slot(seg.text))});
      break;
    }
    case K::Field: {
      auto [file, size] = bytes(seg.file);
      emit(svc, kField, {ptr_, ptr_, i32_, ptr_, i64_, i32_},
           {call, out, b_.getInt32(seg.field), file, size, sub_id(seg, 0)});
      break;
    }
    case K::File:
      emit(svc, kFile, {ptr_, ptr_, i32_},
           {call, out,
            seg.sub.empty() ? b_.getInt32(ir::kNoTemplate) : b_.getInt32(t_.id(&seg.sub[0]))});
      break;
    case K::Fill: {
      auto [text, size] = bytes(seg.text);
      emit(svc, kFill, {ptr_, ptr_, i32_, ptr_, i64_},
           {call, out, b_.getInt32(seg.var), text, size});
      break;
    }
    case K::Authentication: {
      auto *array = llvm::ArrayType::get(i32_, 5);
      std::vector<llvm::Constant *> ids;
      for (size_t i = 0; i < 5; ++i) {
        ids.push_back(llvm::cast<llvm::Constant>(sub_id(seg, i)));
      }
      auto *global =
          new llvm::GlobalVariable(*module_, array, true, llvm::GlobalValue::PrivateLinkage,
                                   llvm::ConstantArray::get(array, ids), "auth");
      emit(svc, kAuthentication, {ptr_, ptr_, ptr_}, {call, out, global});
      break;
    }
    case K::CustomKey: {
      auto [name, size] = bytes(seg.text);
      emit(svc, kCustomKey, {ptr_, ptr_, ptr_, i64_}, {call, out, name, size});
      break;
    }
    }
  }

  /// A keyword that may be fixed for the run: its text from the runtime's
  /// table when there is one, the keyword service otherwise.
  void run_text_keyword(const ir::Segment &seg, llvm::Value *svc, llvm::Value *call,
                        llvm::Value *out) {
    llvm::Function *f = b_.GetInsertBlock()->getParent();
    auto *have = llvm::BasicBlock::Create(ctx_, "run_text", f);
    auto *ask = llvm::BasicBlock::Create(ctx_, "ask", f);
    auto *done = llvm::BasicBlock::Create(ctx_, "done", f);
    auto *in_table = llvm::BasicBlock::Create(ctx_, "in_table", f);
    uint32_t kw = static_cast<uint32_t>(seg.keyword);
    llvm::Value *count = b_.CreateLoad(i32_, b_.CreateStructGEP(services_, svc, kRunTextCount));
    b_.CreateCondBr(b_.CreateICmpULT(b_.getInt32(kw), count), in_table, ask);
    b_.SetInsertPoint(in_table);
    llvm::Value *table = service(svc, kRunTexts);
    llvm::Value *entry = b_.CreateGEP(text_, table, b_.getInt64(kw));
    llvm::Value *data = b_.CreateLoad(ptr_, b_.CreateStructGEP(text_, entry, 0));
    b_.CreateCondBr(b_.CreateIsNotNull(data), have, ask);
    b_.SetInsertPoint(have);
    llvm::Value *size = b_.CreateLoad(i64_, b_.CreateStructGEP(text_, entry, 1));
    append(svc, out, kText, data, size);
    b_.CreateBr(done);
    b_.SetInsertPoint(ask);
    auto [name, name_size] = bytes(seg.text);
    emit(svc, kKeyword, {ptr_, ptr_, i32_, i32_, ptr_, i64_},
         {call, out, b_.getInt32(kw), b_.getInt32(0), name, name_size});
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
  }

  /// Appends `size` bytes at `data`: copied into the buffer when they fit
  /// (and, for literal text, no suppression is pending), else by the
  /// service `field` (kLiteral or kText), which grows the buffer.
  void append(llvm::Value *svc, llvm::Value *out, ServiceField field, llvm::Value *data,
              llvm::Value *size) {
    llvm::Function *f = b_.GetInsertBlock()->getParent();
    auto *copy = llvm::BasicBlock::Create(ctx_, "copy", f);
    auto *slow = llvm::BasicBlock::Create(ctx_, "grow", f);
    auto *done = llvm::BasicBlock::Create(ctx_, "appended", f);
    llvm::Value *size_at = b_.CreateStructGEP(head_, out, kHeadSize);
    llvm::Value *used = b_.CreateLoad(i64_, size_at);
    llvm::Value *capacity = b_.CreateLoad(i64_, b_.CreateStructGEP(head_, out, kHeadCapacity));
    llvm::Value *end = b_.CreateAdd(used, size);
    llvm::Value *fits = b_.CreateICmpULE(end, capacity);
    if (field == kLiteral) {
      llvm::Value *suppress =
          b_.CreateLoad(b_.getInt8Ty(), b_.CreateStructGEP(head_, out, kHeadSuppress));
      fits = b_.CreateAnd(fits, b_.CreateICmpEQ(suppress, b_.getInt8(0)));
    }
    b_.CreateCondBr(fits, copy, slow);
    b_.SetInsertPoint(copy);
    llvm::Value *base = b_.CreateLoad(ptr_, b_.CreateStructGEP(head_, out, kHeadData));
    b_.CreateMemCpy(b_.CreateGEP(b_.getInt8Ty(), base, used), llvm::MaybeAlign(1), data,
                    llvm::MaybeAlign(1), size);
    b_.CreateStore(end, size_at);
    b_.CreateBr(done);
    b_.SetInsertPoint(slow);
    emit(svc, field, {ptr_, ptr_, i64_}, {out, data, size});
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
  }

  llvm::Value *emit(llvm::Value *svc, ServiceField field, llvm::ArrayRef<llvm::Type *> params,
                    llvm::ArrayRef<llvm::Value *> args, llvm::Type *result = nullptr) {
    auto *type = llvm::FunctionType::get(result != nullptr ? result : void_, params, false);
    return b_.CreateCall(type, service(svc, field), args);
  }

  llvm::Function *actions_function(uint32_t state, const ir::State &st) {
    auto *type = llvm::FunctionType::get(i32_, {ptr_, ptr_}, false);
    auto *f = llvm::Function::Create(type, llvm::GlobalValue::InternalLinkage,
                                     "actions." + std::to_string(state), *module_);
    llvm::Value *svc = f->getArg(0);
    llvm::Value *call = f->getArg(1);
    auto *entry = llvm::BasicBlock::Create(ctx_, "entry", f);
    auto *failed = llvm::BasicBlock::Create(ctx_, "failed", f);
    auto *result = llvm::PHINode::Create(i32_, 0, "result", failed);
    b_.SetInsertPoint(entry);
    for (uint32_t i = 0; i < st.actions.size(); ++i) {
      llvm::Value *r =
          emit(svc, kAction, {ptr_, i32_, i32_}, {call, b_.getInt32(state), b_.getInt32(i)}, i32_);
      auto *next = llvm::BasicBlock::Create(ctx_, "next", f);
      result->addIncoming(r, b_.GetInsertBlock());
      b_.CreateCondBr(b_.CreateICmpNE(r, b_.getInt32(GSP_OK)), failed, next);
      b_.SetInsertPoint(next);
    }
    b_.CreateRet(b_.getInt32(GSP_OK));
    b_.SetInsertPoint(failed);
    b_.CreateRet(result);
    return f;
  }

  void render_entry(const std::vector<llvm::Function *> &templates) {
    // void render(void *self, const gsp_services *svc, gsp_call *call, gsp_buf *out, uint32_t id)
    auto *type = llvm::FunctionType::get(void_, {ptr_, ptr_, ptr_, ptr_, i32_}, false);
    auto *f =
        llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, kRenderSymbol, *module_);
    auto *entry = llvm::BasicBlock::Create(ctx_, "entry", f);
    auto *done = llvm::BasicBlock::Create(ctx_, "done", f);
    b_.SetInsertPoint(done);
    b_.CreateRetVoid();
    b_.SetInsertPoint(entry);
    auto *sw = b_.CreateSwitch(f->getArg(4), done, static_cast<unsigned>(templates.size()));
    for (size_t i = 0; i < templates.size(); ++i) {
      if (templates[i] == nullptr) {
        continue;
      }
      auto *bb = llvm::BasicBlock::Create(ctx_, "t" + std::to_string(i), f);
      b_.SetInsertPoint(bb);
      b_.CreateCall(templates[i], {f->getArg(1), f->getArg(2), f->getArg(3)});
      b_.CreateRetVoid();
      sw->addCase(b_.getInt32(static_cast<uint32_t>(i)), bb);
    }
  }

  void run_actions_entry(const std::vector<std::pair<uint32_t, llvm::Function *>> &states) {
    // int run_actions(void *self, const gsp_services *svc, gsp_call *call, uint32_t state)
    auto *type = llvm::FunctionType::get(i32_, {ptr_, ptr_, ptr_, i32_}, false);
    auto *f = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, kRunActionsSymbol,
                                     *module_);
    auto *entry = llvm::BasicBlock::Create(ctx_, "entry", f);
    auto *none = llvm::BasicBlock::Create(ctx_, "none", f);
    b_.SetInsertPoint(none);
    b_.CreateRet(b_.getInt32(GSP_OK));
    b_.SetInsertPoint(entry);
    auto *sw = b_.CreateSwitch(f->getArg(3), none, static_cast<unsigned>(states.size()));
    for (const auto &[index, fn] : states) {
      auto *bb = llvm::BasicBlock::Create(ctx_, "s" + std::to_string(index), f);
      b_.SetInsertPoint(bb);
      b_.CreateRet(b_.CreateCall(fn, {f->getArg(1), f->getArg(2)}));
      sw->addCase(b_.getInt32(index), bb);
    }
  }

  const ir::Scenario &s_;
  const ir::TemplateTable &t_;
  llvm::LLVMContext &ctx_;
  const KeywordConstants *constants_;
  std::unique_ptr<llvm::Module> module_;
  llvm::IRBuilder<> b_;
  ir::HeaderNeeds headers_;
  llvm::Type *i32_ = nullptr;
  llvm::Type *i64_ = nullptr;
  llvm::Type *ptr_ = nullptr;
  llvm::Type *void_ = nullptr;
  llvm::StructType *services_ = nullptr;
  llvm::StructType *text_ = nullptr;
  llvm::StructType *head_ = nullptr;
};

} // namespace

std::unique_ptr<llvm::Module> build_module(const ir::Scenario &scenario,
                                           const ir::TemplateTable &templates,
                                           llvm::LLVMContext &context,
                                           const KeywordConstants *constants) {
  return ModuleBuilder(scenario, templates, context, constants).build();
}

} // namespace gossipper::compiler
