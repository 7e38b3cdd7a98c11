# One INTERFACE target carries the flags every Paydesk target compiles with.
add_library(paydesk_flags INTERFACE)
add_library(Paydesk::flags ALIAS paydesk_flags)
target_compile_features(paydesk_flags INTERFACE cxx_std_20)
target_compile_options(paydesk_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wconversion -Wno-sign-conversion -Wimplicit-fallthrough
  $<$<BOOL:${PAYDESK_WARNINGS_AS_ERRORS}>:-Werror>)
target_compile_definitions(paydesk_flags INTERFACE
  $<$<CONFIG:Debug>:PAYDESK_DEBUG=1>
  BOOST_ASIO_NO_DEPRECATED BOOST_BEAST_USE_STD_STRING_VIEW)
if(PAYDESK_SANITIZE)
  target_compile_options(paydesk_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(paydesk_flags INTERFACE -fsanitize=address,undefined)
endif()
