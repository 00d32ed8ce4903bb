package escpos

// Update lets the receipt tests, which sit in package escpos_test so that
// they can decode with drivers/printersim, share the -update flag.
var Update = update
