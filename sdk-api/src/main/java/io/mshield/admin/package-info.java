/**
 * Administration of shields (R4): loss, freeze, void and bank-side PIN reset, with the rule of
 * who may do what.
 */
package io.mshield.admin;
