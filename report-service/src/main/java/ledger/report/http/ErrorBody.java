package ledger.report.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every error response: what went wrong and, when one input is at fault, which. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ErrorBody(String error, String field) {
}
