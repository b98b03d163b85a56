/**
 * The built-in sandbox payment gateway, for the demo and the tests: a stand-in for an Indian payment gateway that
 * runs inside the server under {@code /sandbox-gateway} and keeps its own books (tables {@code sandbox_*}). Its REST
 * API creates orders and reports their payments (HTTP Basic with the merchant's key id and secret); its hosted
 * checkout page lets a tester pay by UPI, net banking, card or wallet with the outcome they choose, sends the
 * browser back to the merchant with a signed callback, and sends signed webhooks — duplicated or delayed on request.
 * It publishes nothing: the payments module talks to it over HTTP, as to any gateway. Off unless
 * {@code urja.sandbox-gateway.enabled}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Sandbox payment gateway")
package org.urja.mdms.sandbox;
